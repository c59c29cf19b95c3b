package io.clipcast.platforms.catalog;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code dailyQuota}: a daily cap the platform enforces. Simple caps give {@code unit} ({@code posts}, {@code uploads})
 * and {@code perDay} for a {@code scope} ({@code account}, {@code app}); {@code resetsAt} notes when the day turns.
 * YouTube instead names a {@code model} among {@code models} (how its Google project's quota is charged), the
 * {@code resetZone} of its day and how long after the reset a deferred job starts ({@code resumeAfterResetSeconds}).
 */
public record DailyQuota(String unit, Long perDay, String scope, String resetsAt, String model, ZoneId resetZone,
                         Long resumeAfterResetSeconds, Map<String, QuotaModel> models, String source) {

  /** One way of charging a quota: a bucket of uploads a day and/or units a day, and the cost of a call in units. */
  public record QuotaModel(Long uploadsPerDay, long unitsPerDay, Long insertCost, long readCost) {
    static QuotaModel read(JsonFields f) {
      QuotaModel m = new QuotaModel(f.optWhole("uploadsPerDay"), f.whole("unitsPerDay"), f.optWhole("insertCost"), f.whole("readCost"));
      f.end();
      return m;
    }
  }

  /** The model {@link #model} names. */
  public QuotaModel chosen() {
    return models.get(model);
  }

  static DailyQuota read(JsonFields f) {
    Map<String, QuotaModel> models = new LinkedHashMap<>();
    JsonFields m = f.optObject("models");
    if (m != null) {
      for (String name : m.keys()) {
        // the only ways of charging YouTube's quota that the code knows (youtube/UploadQuota)
        if (!name.equals("uploads") && !name.equals("units")) throw m.error(name, "is not a known quota model; known: uploads, units.");
        models.put(name, QuotaModel.read(m.object(name)));
      }
      m.end();
    }
    String model = f.optString("model");
    if (model != null && !models.containsKey(model)) {
      throw f.error("model", "must name one of models " + models.keySet() + ", got \"" + model + "\".");
    }
    String zone = f.optString("resetZone");
    ZoneId resetZone;
    try {
      resetZone = zone == null ? null : ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw f.error("resetZone", "must be a time zone id such as America/Los_Angeles, got \"" + zone + "\".");
    }
    DailyQuota q = new DailyQuota(f.optString("unit"), f.optWhole("perDay"), f.string("scope"), f.optString("resetsAt"), model, resetZone,
        f.optWhole("resumeAfterResetSeconds"), Map.copyOf(models), f.string("source"));
    f.end();
    return q;
  }
}
