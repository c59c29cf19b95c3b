package io.clipcast.sandbox.linkedin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Posts created through {@code POST /rest/posts}, and the reactions readers add to them over time. */
final class LinkedInPosts {
  /** A post; {@code createdBy} is the member who made the call, {@code commentary} is as sent (little text). */
  record Post(String urn, String author, String createdBy, String commentary, String visibility, String videoUrn, String title,
              long createdAtMs, Counters fixed) {
    /** Readers like a post about once a second and comment on it every five, until told otherwise. */
    long likes() {
      Long likes = fixed.likes;
      return likes != null ? likes : (System.currentTimeMillis() - createdAtMs) / 1000;
    }

    long comments() {
      Long comments = fixed.comments;
      return comments != null ? comments : (System.currentTimeMillis() - createdAtMs) / 5000;
    }
  }

  /** A post's counters as set through the control API; null = they grow with the post's age. */
  static final class Counters {
    volatile Long likes;
    volatile Long comments;
  }

  private final Map<String, Post> byUrn = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(7_262_000_000_000_000_000L);

  Post create(String author, String createdBy, String commentary, String visibility, String videoUrn, String title) {
    Post p = new Post("urn:li:share:" + ids.incrementAndGet(), author, createdBy, commentary, visibility, videoUrn, title,
        System.currentTimeMillis(), new Counters());
    byUrn.put(p.urn(), p);
    return p;
  }

  Optional<Post> byUrn(String urn) {
    return urn == null ? Optional.empty() : Optional.ofNullable(byUrn.get(urn));
  }

  /** The author's posts, newest first. */
  List<Post> byAuthor(String author) {
    List<Post> out = new ArrayList<>(byUrn.values().stream().filter(p -> p.author().equals(author)).toList());
    out.sort(Comparator.comparingLong((Post p) -> p.createdAtMs()).reversed().thenComparing(p -> p.urn(), Comparator.reverseOrder()));
    return out;
  }

  /** Posts created by {@code memberId}'s calls during the current UTC day (LinkedIn's daily quotas reset at midnight UTC). */
  long todayBy(String memberId) {
    long dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return byUrn.values().stream().filter(p -> p.createdBy().equals(memberId) && p.createdAtMs() >= dayStart).count();
  }
}
