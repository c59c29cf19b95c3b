package io.clipcast.queue;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobIdsTest {

  @Test
  void aCanonicalUuidTakes22Base64UrlCharactersAndComesBack() {
    for (int i = 0; i < 1_000; i++) {
      String id = UUID.randomUUID().toString();
      String redis = JobIds.toRedis(id);
      assertEquals(22, redis.length(), redis);
      assertTrue(redis.matches("[A-Za-z0-9_-]{22}"), redis);
      assertEquals(id, JobIds.fromRedis(redis));
    }
    assertEquals("AAAAAAAAAAAAAAAAAAAAAA", JobIds.toRedis("00000000-0000-0000-0000-000000000000"));
    assertEquals("_____________________w", JobIds.toRedis("ffffffff-ffff-ffff-ffff-ffffffffffff"));
    assertEquals("ffffffff-ffff-ffff-ffff-ffffffffffff", JobIds.fromRedis("_____________________w"));
  }

  @Test
  void anyOtherIdIsMarkedAndKeptAsItIs() {
    for (String id : new String[] {"j1", "", ".", ".x", "p|1", "pending-42",
        "0E984725-C51C-4BF4-9960-E1C80E27ABA0", // a UUID, but not as UUID.toString() writes it: kept as given
        "0e984725c51c4bf49960e1c80e27aba0", "0e984725-c51c-4bf4-9960-e1c80e27aba0x"}) {
      assertEquals("." + id, JobIds.toRedis(id));
      assertEquals(id, JobIds.fromRedis(JobIds.toRedis(id)));
    }
  }

  @Test
  void anIdThatLooksLikeAnEncodedUuidIsNotMistakenForOne() {
    String id = "abcdefghijklmnopqrstuv"; // 22 base64url characters, but the caller's own id
    String redis = JobIds.toRedis(id);
    assertEquals(".abcdefghijklmnopqrstuv", redis);
    assertEquals(id, JobIds.fromRedis(redis));
    assertNotEquals(id, JobIds.fromRedis(id), "unmarked, the same characters are a UUID's form");
  }

  @Test
  void aStringOfNeitherFormIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> JobIds.fromRedis("short"));
  }
}
