package dev.triggerflow.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.aws.fakes.ApiCalls;
import dev.triggerflow.aws.fakes.FakeS3;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class S3PayloadStoreTest {
  private static final String BUCKET = "tf-payloads";

  private final ApiCalls calls = new ApiCalls();
  private final FakeS3 s3 = new FakeS3(calls, BUCKET, "other-bucket");

  private S3PayloadStore store() {
    return S3PayloadStore.builder().client(s3).bucket(BUCKET).thresholdBytes(1_000).build();
  }

  private static JsonNode payloadOf(int bytes) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("text", "p".repeat(bytes));
    node.putArray("numbers").add(1).add(2);
    return node;
  }

  @Test
  void offload_smallValue_staysInline() {
    JsonNode small = payloadOf(100);

    JsonNode out = store().offload("run-1/c1/input", small);

    assertThat(out).isSameAs(small);
    assertThat(s3.size(BUCKET)).isZero();
  }

  @Test
  void offload_largeValue_isStoredWholeUnderADeterministicKeyAndReplacedByAReference() {
    JsonNode large = payloadOf(5_000);

    JsonNode ref = store().offload("run-1/c1/a1/result", large);

    assertThat(PayloadStore.isReference(ref)).isTrue();
    assertThat(ref.get(PayloadStore.REFERENCE_FIELD).asText())
        .isEqualTo("s3://tf-payloads/payloads/run-1/c1/a1/result");
    byte[] stored = s3.object(BUCKET, "payloads/run-1/c1/a1/result");
    assertThat(Json.parse(new String(stored, StandardCharsets.UTF_8))).isEqualTo(large);
    assertThat(ref.get("bytes").asLong()).isEqualTo(stored.length);
  }

  @Test
  void resolve_reference_returnsTheOriginalValue() {
    JsonNode large = payloadOf(5_000);
    JsonNode ref = store().offload("run-1/c1/input", large);

    JsonNode back = store().resolve(ref);

    assertThat(back).isEqualTo(large);
    assertThat(calls.snapshot()).containsEntry("s3:GetObject", 1L);
  }

  @Test
  void resolve_sameReferenceTwice_readsTheBucketOnce() {
    S3PayloadStore writer = store();
    JsonNode ref = writer.offload("run-1/c2/input", payloadOf(5_000));
    S3PayloadStore reader = store();

    reader.resolve(ref);
    JsonNode again = reader.resolve(ref);

    assertThat(again).isEqualTo(payloadOf(5_000));
    assertThat(calls.snapshot()).containsEntry("s3:GetObject", 1L);
  }

  @Test
  void resolve_cachedValue_isACopyThatCallersCannotChange() {
    S3PayloadStore store = store();
    JsonNode ref = store.offload("run-1/c3/input", payloadOf(5_000));

    ((ObjectNode) store.resolve(ref)).put("text", "changed");

    assertThat(store.resolve(ref)).isEqualTo(payloadOf(5_000));
  }

  @Test
  void resolve_plainValue_isReturnedAsItIs() {
    JsonNode plain = payloadOf(10);

    assertThat(store().resolve(plain)).isSameAs(plain);
  }

  @Test
  void resolve_referenceToAnotherBucket_isRefused() {
    JsonNode forged = PayloadStore.reference("s3://other-bucket/secret", 10);

    assertThatThrownBy(() -> store().resolve(forged))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not point into this deployment's bucket");
    assertThat(calls.snapshot()).doesNotContainKey("s3:GetObject");
  }

  @Test
  void resolve_objectDeleted_failsNamingTheReference() {
    JsonNode ref = store().offload("run-1/c4/input", payloadOf(5_000));
    s3.remove(BUCKET, "payloads/run-1/c4/input");

    assertThatThrownBy(() -> store().resolve(ref))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s3://tf-payloads/payloads/run-1/c4/input")
        .hasMessageContaining("does not exist");
  }

  @Test
  void resolve_objectOfAnotherSize_isRefused() {
    JsonNode ref = store().offload("run-1/c5/input", payloadOf(5_000));
    ObjectNode tampered = ref.deepCopy();
    tampered.put("bytes", 12);

    assertThatThrownBy(() -> store().resolve(tampered)).hasMessageContaining("its reference says");
  }

  @Test
  void offload_unsafeKey_isRefused() {
    assertThatThrownBy(() -> store().offload("../etc/passwd", payloadOf(5_000)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
