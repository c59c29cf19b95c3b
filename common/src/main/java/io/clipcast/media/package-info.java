/**
 * The clip probe run on ingest ({@link io.clipcast.media.MediaProbe}): a small ISO BMFF box walker rather than a
 * parser library. org.mp4parser:isoparser 1.9.56 copies the whole 'mdat' to a temp file unless told to skip it,
 * rejects size-0 ("to the end of the file") boxes, and brings a runtime AspectJ and a beta SLF4J 1.8 API; the probe
 * needs about ten small fields, which a walker reads by position without touching the media data.
 */
package io.clipcast.media;
