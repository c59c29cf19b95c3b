package io.clipcast.publication;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The publication state machine of DESIGN §4: the statuses and which transitions exist. */
public enum PublicationStatus {
  SCHEDULED, QUEUED, PUBLISHING, RETRYING, PUBLISHED, FAILED, UNKNOWN, CANCELLED, WAITING_RECONNECT;

  private static final Map<PublicationStatus, Set<PublicationStatus>> NEXT = Map.of(
      SCHEDULED, EnumSet.of(QUEUED, CANCELLED, SCHEDULED),
      QUEUED, EnumSet.of(PUBLISHING, CANCELLED, WAITING_RECONNECT),
      PUBLISHING, EnumSet.of(PUBLISHED, RETRYING, FAILED, UNKNOWN, WAITING_RECONNECT),
      RETRYING, EnumSet.of(QUEUED, CANCELLED, WAITING_RECONNECT),
      FAILED, EnumSet.of(QUEUED),
      UNKNOWN, EnumSet.of(QUEUED, PUBLISHED),
      WAITING_RECONNECT, EnumSet.of(QUEUED, CANCELLED),
      PUBLISHED, EnumSet.noneOf(PublicationStatus.class),
      CANCELLED, EnumSet.noneOf(PublicationStatus.class));

  /** Statuses whose job must be in the queue (the reconciler's set). */
  public static final Set<PublicationStatus> PENDING = EnumSet.of(SCHEDULED, QUEUED, RETRYING);

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PublicationStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public boolean canBecome(PublicationStatus to) {
    return NEXT.get(this).contains(to);
  }
}
