package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The YouTube Data API quota of each Google project (an OAuth client here), per Pacific-time day, in the model
 * {@link YouTubeSettings#quotaModel} names. Requests over it are refused with 403 {@code quotaExceeded}.
 */
final class YouTubeQuota {
  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

  private static final class Day {
    final LocalDate day;
    long inserts;
    long units;

    Day(LocalDate day) {
      this.day = day;
    }
  }

  private final YouTubeSettings settings;
  private final Map<String, Day> projects = new ConcurrentHashMap<>();

  YouTubeQuota(YouTubeSettings settings) {
    this.settings = settings;
  }

  /** Charges one videos.insert to {@code project}; false (nothing charged) when the day's quota does not cover it. */
  synchronized boolean chargeInsert(String project) {
    Day d = today(project);
    if (settings.quotaModel.equals("units")) return chargeUnits(d, settings.insertUnitCost);
    if (d.inserts + 1 > settings.uploadsPerDay) return false;
    d.inserts++;
    return true;
  }

  /** Charges {@code units} of the general bucket (videos.list, channels.list: 1 each). */
  synchronized boolean chargeUnits(String project, long units) {
    return chargeUnits(today(project), units);
  }

  private boolean chargeUnits(Day d, long units) {
    if (d.units + units > settings.unitsPerDay) return false;
    d.units += units;
    return true;
  }

  private Day today(String project) {
    LocalDate now = LocalDate.now(PACIFIC);
    return projects.compute(project, (k, d) -> d == null || !d.day.equals(now) ? new Day(now) : d);
  }

  synchronized void reset() {
    projects.clear();
  }

  synchronized JsonObject toJson() {
    JsonObject out = new JsonObject();
    projects.forEach((p, d) -> out.put(p, new JsonObject().put("day", d.day.toString()).put("inserts", d.inserts).put("units", d.units)));
    return new JsonObject().put("model", settings.quotaModel).put("projects", out);
  }
}
