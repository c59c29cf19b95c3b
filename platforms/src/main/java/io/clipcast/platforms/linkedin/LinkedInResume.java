package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a LinkedIn publish saves between steps: the initialized video ({@code videoUrn}, the author, the upload token, when
 * its part URLs expire, the parts), the ETag of every part sent, the finalize (sent, confirmed), when the post was first
 * asked for, and the post's URN. Version 1 is also the layout of rows saved before versions existed.
 */
public record LinkedInResume(String videoUrn, String owner, String uploadToken, Long uploadUrlsExpireAt, List<Part> parts,
                             List<String> etags, boolean finalizeRequested, boolean finalized, Long postRequestedAt, String postUrn)
    implements ResumeState {
  public static final int VERSION = 1;

  /** One upload instruction: PUT bytes {@code firstByte..lastByte} of the clip to {@code url}. */
  public record Part(String url, long firstByte, long lastByte) {
    long length() {
      return lastByte - firstByte + 1;
    }

    JsonObject toJson() {
      return new JsonObject().put("url", url).put("firstByte", firstByte).put("lastByte", lastByte);
    }
  }

  public LinkedInResume {
    parts = parts == null ? List.of() : List.copyOf(parts);
    etags = etags == null ? List.of() : List.copyOf(etags);
  }

  public static LinkedInResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "LinkedIn");
    List<Part> parts = new ArrayList<>();
    for (Object o : s.getJsonArray("parts", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      parts.add(new Part(p.getString("url"), p.getLong("firstByte"), p.getLong("lastByte")));
    }
    List<String> etags = new ArrayList<>();
    s.getJsonArray("etags", new JsonArray()).forEach(e -> etags.add(String.valueOf(e)));
    return new LinkedInResume(s.getString("videoUrn"), s.getString("owner"), s.getString("uploadToken"), s.getLong("uploadUrlsExpireAt"),
        parts, etags, s.getBoolean("finalizeRequested", false), s.getBoolean("finalized", false), s.getLong("postRequestedAt"),
        s.getString("postUrn"));
  }

  /** A freshly initialized video: no part sent, nothing finalized. */
  LinkedInResume initialized(String videoUrn, String owner, String uploadToken, Long urlsExpireAt, List<Part> parts) {
    return new LinkedInResume(videoUrn, owner, uploadToken, urlsExpireAt, parts, List.of(), false, false, postRequestedAt, postUrn);
  }

  LinkedInResume partSent(String etag) {
    List<String> more = new ArrayList<>(etags);
    more.add(etag);
    return new LinkedInResume(videoUrn, owner, uploadToken, uploadUrlsExpireAt, parts, more, finalizeRequested, finalized, postRequestedAt, postUrn);
  }

  LinkedInResume finalizeSent() {
    return new LinkedInResume(videoUrn, owner, uploadToken, uploadUrlsExpireAt, parts, etags, true, finalized, postRequestedAt, postUrn);
  }

  LinkedInResume finalizedNow() {
    return new LinkedInResume(videoUrn, owner, uploadToken, uploadUrlsExpireAt, parts, etags, finalizeRequested, true, postRequestedAt, postUrn);
  }

  LinkedInResume postRequested(long at) {
    return new LinkedInResume(videoUrn, owner, uploadToken, uploadUrlsExpireAt, parts, etags, finalizeRequested, finalized, at, postUrn);
  }

  LinkedInResume posted(String urn) {
    return new LinkedInResume(videoUrn, owner, uploadToken, uploadUrlsExpireAt, parts, etags, finalizeRequested, finalized, postRequestedAt, urn);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    JsonArray ps = new JsonArray();
    parts.forEach(p -> ps.add(p.toJson()));
    return ResumeState.stamped(new JsonObject().put("videoUrn", videoUrn).put("owner", owner).put("uploadToken", uploadToken)
        .put("uploadUrlsExpireAt", uploadUrlsExpireAt).put("parts", ps).put("etags", new JsonArray(new ArrayList<>(etags)))
        .put("finalizeRequested", finalizeRequested).put("finalized", finalized).put("postRequestedAt", postRequestedAt)
        .put("postUrn", postUrn), VERSION);
  }
}
