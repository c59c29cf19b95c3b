package repro;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends N sequential requests from the main thread (not a Vert.x thread) to a plain Vert.x HTTP server on loopback,
 * each awaited with {@code Future.await(timeout)}, and counts the calls that never complete ("stalls").
 *
 * <p>{@code pattern=chained} asks for the response body in a second compose chained from the main thread, as
 * {@code client.request(o).compose(req -> req.send()).compose(resp -> resp.body())}; {@code pattern=nested} asks for
 * it inside the compose on {@code send()}; {@code pattern=chainedOnLoop} builds the chained form on a Vert.x event
 * loop, as the project's connectors do. {@code gapUs} holds the main thread (busy) for that long between the two
 * compose calls (chained) or after the chain (nested): what a loaded CPU now and then does to a thread;
 * {@code gapUs=head} holds it until the response head has arrived.
 *
 * <p>For each stall it says how far the call got: whether the server answered it and whether the client saw the
 * response head.
 *
 * <p>Usage: {@code ClientStall [requests=500] [pattern=chained|nested|chainedOnLoop] [keepAlive=false] [gapUs=0|N|head] [timeoutMs=2000]
 * [bodyBytes=200] [postBytes=0]}
 */
public final class ClientStall {

  public static void main(String[] args) throws Exception {
    int requests = intArg(args, "requests", 500);
    String pattern = arg(args, "pattern", "chained");
    boolean keepAlive = Boolean.parseBoolean(arg(args, "keepAlive", "false"));
    long timeoutMs = intArg(args, "timeoutMs", 2000);
    int bodyBytes = intArg(args, "bodyBytes", 200);
    int postBytes = intArg(args, "postBytes", 0);
    // How long (microseconds, busy) the main thread is away between chaining send() and chaining body(): what a busy
    // CPU does now and then to a thread that loses its core at that point. 0 = no deliberate gap.
    // gapUs=head: the main thread goes on only once the response head has arrived (the worst case of such a gap).
    boolean untilHead = arg(args, "gapUs", "0").equals("head");
    int gapUs = untilHead ? 0 : intArg(args, "gapUs", 0);

    Vertx vertx = Vertx.vertx();
    AtomicInteger answered = new AtomicInteger();
    Buffer answer = Buffer.buffer("x".repeat(bodyBytes));
    // The server runs in its own verticle (so on an event loop of its own), as an application's server would.
    int[] portHolder = new int[1];
    vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(req -> req.body().onComplete(ar ->
                req.response().putHeader("Content-Type", "text/plain").end(answer).onComplete(v -> answered.incrementAndGet())))
            .listen(0, "127.0.0.1").onSuccess(s -> portHolder[0] = s.actualPort());
      }
    }).await();
    int port = portHolder[0];

    // As in the project's test fixtures: a client built from the main thread, outside any Vert.x context.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10)
        .setKeepAlive(keepAlive));
    io.vertx.core.Context loop = vertx.getOrCreateContext();   // an event-loop context, for pattern=chainedOnLoop
    Buffer post = postBytes > 0 ? Buffer.buffer(new byte[postBytes]) : null;

    System.out.printf("vertx-core %s, pattern=%s keepAlive=%s requests=%d timeoutMs=%d bodyBytes=%d postBytes=%d gapUs=%s%n",
        vertxVersion(), pattern, keepAlive, requests, timeoutMs,
        bodyBytes, postBytes, untilHead ? "head" : Integer.toString(gapUs));
    // One untimed warm-up call, so a cold JVM's first call is not counted as a stall.
    client.request(new RequestOptions().setAbsoluteURI("http://127.0.0.1:" + port + "/warm-up"))
        .compose(req -> req.send().compose(resp -> resp.body())).await(30, TimeUnit.SECONDS);
    int stalls = 0, emptyBodies = 0, reachedServer = 0, sawHead = 0;
    long started = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      int answeredBefore = answered.get();   // the server counts a call once its answer is written
      AtomicReference<String> headSeenOn = new AtomicReference<>();
      RequestOptions o = new RequestOptions().setMethod(post == null ? HttpMethod.GET : HttpMethod.POST)
          .setAbsoluteURI("http://127.0.0.1:" + port + "/r" + i);
      Future<Buffer> call = switch (pattern) {
        // The fixtures' shape: the response's body() is asked for in a second, chained compose.
        case "chained" -> {
          Future<io.vertx.core.http.HttpClientResponse> sent = client.request(o)
              .compose(req -> post == null ? req.send() : req.send(post));
          if (untilHead) {
            while (!sent.isComplete()) Thread.onSpinWait();
          } else {
            pause(gapUs);
          }
          yield sent.compose(resp -> {
            headSeenOn.set(Thread.currentThread().getName() + " ctx=" + Vertx.currentContext());
            return resp.body();
          });
        }
        // body() asked for inside the compose on send(): it runs in the response-head callback itself, so a late
        // caller cannot miss the end. The same pause, after the whole chain is built, changes nothing.
        case "nested" -> {
          Future<Buffer> got = client.request(o).compose(req -> (post == null ? req.send() : req.send(post))
              .compose(resp -> {
                headSeenOn.set(Thread.currentThread().getName() + " ctx=" + Vertx.currentContext());
                return resp.body();
              }));
          if (untilHead) {
            while (headSeenOn.get() == null && !got.isComplete()) Thread.onSpinWait();
          } else {
            pause(gapUs);
          }
          yield got;
        }
        // The chained shape again, but built on a Vert.x event loop, as the project's connectors do: the connection
        // lives on that same event loop, so no answer can be handled until the chain is complete, however long the
        // gap (gapUs=head would wait forever here and is not allowed).
        case "chainedOnLoop" -> {
          if (untilHead) throw new IllegalArgumentException("gapUs=head blocks the event loop the answer needs");
          io.vertx.core.Promise<Buffer> result = io.vertx.core.Promise.promise();
          loop.runOnContext(v -> {
            Future<io.vertx.core.http.HttpClientResponse> sent = client.request(o)
                .compose(req -> post == null ? req.send() : req.send(post));
            pause(gapUs);
            sent.compose(resp -> {
              headSeenOn.set(Thread.currentThread().getName() + " ctx=" + Vertx.currentContext());
              return resp.body();
            }).onComplete(result);
          });
          yield result.future();
        }
        default -> throw new IllegalArgumentException("pattern " + pattern);
      };
      try {
        Buffer body = call.await(timeoutMs, TimeUnit.MILLISECONDS);
        if (body.length() != bodyBytes) emptyBodies++;
      } catch (TimeoutException e) {
        stalls++;
        boolean onServer = answered.get() > answeredBefore;
        if (onServer) reachedServer++;
        if (headSeenOn.get() != null) sawHead++;
        System.out.printf("STALL request %d: answered by server=%s, response head seen by client=%s%s%n", i, onServer,
            headSeenOn.get() != null, headSeenOn.get() == null ? "" : " (on " + headSeenOn.get() + ")");
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("RESULT vertx-core %s pattern=%s keepAlive=%s: %d stalls in %d requests (%d answered by the server, "
        + "%d with the response head seen by the client); %d wrong-length bodies; %d ms%n",
        vertxVersion(), pattern, keepAlive, stalls, requests,
        reachedServer, sawHead, emptyBodies, ms);
    client.close().await();
    vertx.close().await();
  }

  private static void pause(int us) {
    long until = System.nanoTime() + us * 1_000L;
    while (System.nanoTime() < until) Thread.onSpinWait();
  }

  private static String vertxVersion() throws java.io.IOException {
    try (var in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
  }

  private static String arg(String[] args, String name, String dflt) {
    for (String a : args) if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
    return dflt;
  }

  private static int intArg(String[] args, String name, int dflt) {
    return Integer.parseInt(arg(args, name, Integer.toString(dflt)));
  }
}
