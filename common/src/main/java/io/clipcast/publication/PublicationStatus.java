package io.clipcast.publication;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A publication's statuses; which moves exist and who makes them is {@link PublicationLifecycle}'s table. */
public enum PublicationStatus {
  SCHEDULED, QUEUED, PUBLISHING, RETRYING, PUBLISHED, FAILED, UNKNOWN, CANCELLED, WAITING_RECONNECT;

  /** Statuses whose job must be in the queue (the reconciler's set). */
  public static final Set<PublicationStatus> PENDING = EnumSet.of(SCHEDULED, QUEUED, RETRYING);

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PublicationStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether some actor may make this move ({@link PublicationLifecycle#TABLE} is the one table). */
  public boolean canBecome(PublicationStatus to) {
    return PublicationLifecycle.exists(this, to);
  }
}
