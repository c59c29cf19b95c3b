package io.clipcast.platforms.meta;

/**
 * How long Meta may keep us waiting: to connect, for a Graph call's answer, for an upload to move a byte either way
 * (a connection-level idle timeout: a request's own idle timer counts only bytes received), and how long one attempt
 * polls a container or reel that is still processing ({@code pollBudgetMs}, first poll after {@code firstPollMs},
 * doubling up to {@code maxPollMs}) before handing back "pending" (the lifecycle owner then rechecks it on the catalog's
 * {@code recheck} schedule).
 */
public record MetaTimeouts(int connectMs, long callMs, int uploadIdleSeconds, long firstPollMs, long maxPollMs, long pollBudgetMs) {
  public static final MetaTimeouts DEFAULT = new MetaTimeouts(10_000, 30_000, 60, 250, 5_000, 45_000);
}
