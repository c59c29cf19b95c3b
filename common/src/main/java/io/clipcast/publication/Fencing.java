package io.clipcast.publication;

/** How a move makes sure it does not overwrite a newer state. */
public enum Fencing {
  /** The worker's fence token, bumped by every claim: a worker whose lease was taken over matches no row. */
  FENCE,
  /** The current status alone (compare and set) plus a version bump: two racing commands cannot both apply. */
  STATUS
}
