package io.clipcast.platforms.telegram;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.conformance.Sandbox;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Telegram channels in the conformance suite: one {@code sendVideo} (mark saved first), no lookup of what was sent. */
public final class TelegramConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String TOKEN = "700000001:AAconformanceBotTokenxxxxxxxxxxxxxx";
  private static final AtomicLong CHATS = new AtomicLong(-1002000000000L);
  private Sandbox sandbox;
  private TelegramConnector connector;

  @Override public String name() { return "telegram"; }

  @Override
  public void start() {
    sandbox = new Sandbox();
    sandbox.control("/telegram/_sandbox/bots", new JsonObject().put("token", TOKEN).put("id", 700000001L).put("username", "conformance_bot"));
    connector = new TelegramConnector(2);
    connector.init(sandbox.vertx, new ConnectorSettings(Map.of("api", sandbox.base + "/telegram/api"), "", "", "",
        io.clipcast.platforms.catalog.PlatformCatalog.shipped().rules("telegram")));
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    sandbox.clear();
    sandbox.control("/telegram/_sandbox/mode", new JsonObject().put("local", false));
  }

  private ConnectedAccount channel(String botStatus) {
    long id = CHATS.decrementAndGet();
    sandbox.control("/telegram/_sandbox/chats", new JsonObject().put("id", id).put("title", "Channel " + id).put("username", "conf" + -id)
        .put("admins", new JsonObject().put("700000001", botStatus)));
    return new ConnectedAccount(Long.toString(id), "Channel " + id, null, TOKEN, null, null, List.of(), new JsonObject()
        .put("chatId", id).put("username", "conf" + -id).put("type", "channel").put("botUsername", "conformance_bot"));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    return new TestPublishContext(sandbox.vertx, channel("administrator"), store, CLIP, "Conformance 🎬", null, null);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return sandbox.posts("telegram", ctx.account().externalAccountId());
  }

  @Override public void fault(JsonObject rule) { sandbox.fault("telegram", rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return account;
  }

  @Override
  public Applies<Boolean> resumesToOnePostAfterDeathAt(int n, JsonObject saved) {
    return Boolean.TRUE.equals(saved.getValue("sendStarted"))
        ? Applies.notApplicable("the Bot API has no idempotency key and no way to list a channel's messages: a send that may have"
            + " started ends unknown (the user checks the channel) rather than risk a second post")
        : Applies.to(true);
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "sendVideo"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.notApplicable("a bot token does not expire and has no refresh: a revoked one is replaced by the user through"
        + " BotFather, and a publish has a single request, so there is no middle to refuse it in");
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    // (a bot kicked from the channel is AUTH, not permanent: the user fixes it by adding the bot again)
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "http_error").put("status", 400).put("match", "sendVideo"), "Bad Request"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "sendVideo").put("retryAfterSeconds", 1));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.notApplicable("sendVideo answers with the posted message: Telegram has no processing step to recheck");
  }

  @Override
  public void close() throws Exception {
    if (sandbox != null) sandbox.close();
  }
}
