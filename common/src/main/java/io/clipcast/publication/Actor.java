package io.clipcast.publication;

/** Who moves a publication from one status to another (a column of the table in {@link PublicationLifecycle}). */
public enum Actor {
  /** A user command through the API (cancel, reschedule, retry). */
  API,
  /** The publish worker holding the job's lease (claim, end of an attempt). */
  WORKER,
  /** A connection's disconnect or reconnect (cancels or resumes its publications). */
  CONNECTION,
  /** A pull platform's own fetch (Дзен reading the feed): the post is seen at that moment. */
  FEED
}
