package io.clipcast.platforms.youtube;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.QuotaLedger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Google project's YouTube quota, counted in {@code platform_quota_usage} per Pacific-time day (Google resets it at
 * midnight PT) so every node sees the same total. Scopes: {@code project:<clientId>:uploads} (the videos.insert bucket
 * of the {@code uploads} model) and {@code project:<clientId>:units} (everything else, and inserts in the {@code units}
 * model). An insert is reserved before the session starts; when the day is used up the job is deferred to just after
 * the reset, with a status that says when in the user's time zone.
 */
final class UploadQuota {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final YouTubeRules rules;
  private final String uploadsScope;
  private final String unitsScope;

  UploadQuota(YouTubeRules rules, String project) {
    this.rules = rules;
    this.uploadsScope = "project:" + project + ":uploads";
    this.unitsScope = "project:" + project + ":units";
  }

  LocalDate today() {
    return LocalDate.now(rules.resetZone());
  }

  /** Just after the next reset: midnight in the reset zone plus the configured slack. */
  Instant resumeAt() {
    return today().plusDays(1).atStartOfDay(rules.resetZone()).plusSeconds(rules.resumeAfterResetSeconds()).toInstant();
  }

  private String insertScope() {
    return rules.quotaModel().equals("uploads") ? uploadsScope : unitsScope;
  }

  private long insertCost() {
    return rules.quotaModel().equals("uploads") ? 1 : rules.insertCost();
  }

  private long insertLimit() {
    return rules.quotaModel().equals("uploads") ? rules.uploadsPerDay() : rules.unitsPerDay();
  }

  /** Reserves one videos.insert for today; fails DEFERRED when the day's quota would not cover it. Returns the hold. */
  Future<JsonObject> reserveInsert(PublishContext ctx) {
    LocalDate day = today();
    return ctx.quota().reserve(insertScope(), day, insertCost(), insertLimit()).compose(ok -> ok
        ? Future.succeededFuture(new JsonObject().put("scope", insertScope()).put("day", day.toString()).put("units", insertCost()))
        : Future.failedFuture(deferral(ctx.timeZone())));
  }

  /**
   * YouTube said {@code quotaExceeded} although our count had room (another app uses the same project, or the count was
   * reset): mark today's bucket full so the other jobs wait for the reset without asking Google again.
   */
  Future<Void> markExhausted(PublishContext ctx) {
    LocalDate day = today();
    return ctx.quota().used(insertScope(), day).compose(used -> used < insertLimit()
        ? ctx.quota().spend(insertScope(), day, insertLimit() - used) : Future.succeededFuture());
  }

  /** Counts a read (videos.list), which costs units but is never refused by us. */
  Future<Void> spendRead(QuotaLedger ledger) {
    return ledger.spend(unitsScope, today(), rules.readCost());
  }

  /** "YouTube daily upload limit reached; publishing at 00:01 PT = 10:01 MSK", deferred to that moment. */
  PlatformFailure deferral(ZoneId userZone) {
    Instant at = resumeAt();
    String reset = HH_MM.format(at.atZone(rules.resetZone())) + " PT";
    boolean samePlace = userZone.getRules().equals(rules.resetZone().getRules());
    return PlatformFailure.deferred("quotaExceeded", "YouTube daily upload limit reached; publishing at " + reset
        + (samePlace ? "" : " = " + localTime(at, userZone)), at);
  }

  /** e.g. {@code 10:01 MSK}: the time (with the zone's abbreviation at that moment) the user sees. */
  static String localTime(Instant at, ZoneId zone) {
    return DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH).format(at.atZone(zone));
  }
}
