package dev.mode.core.answer;

import static dev.mode.core.answer.Hits.hit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.Cancellation;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractiveGeneratorTest {
  private static OnnxEmbedder embedder;

  private static final List<ContextPassage> CONTEXT = List.of(
      new ContextPassage(1, hit("volcano", "Mount Vesuvius", 0, "Mount Vesuvius is a volcano near Naples. It erupted in 79 AD and buried "
          + "the Roman town of Pompeii under ash. The eruption also destroyed Herculaneum.")),
      new ContextPassage(2, hit("tower", "Eiffel Tower", 0, "The Eiffel Tower stands in Paris. It was completed in 1889 for the "
          + "World's Fair. Gustave Eiffel's company designed and built it.")),
      new ContextPassage(3, hit("bridge", "Golden Gate Bridge", 0, "The Golden Gate Bridge spans the strait at San Francisco. It opened in "
          + "1937 and was the longest suspension bridge at the time.")));

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, 1, 8);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static GenerationInput input(String question, List<ContextPassage> ctx) {
    return new GenerationInput(question, embedder.embedQuery(question), ctx, "");
  }

  @Test
  void answersWithTheSupportingSentenceOfTheRightPassageAndItsMarker() {
    var gen = new ExtractiveGenerator(embedder);
    List<String> pieces = new ArrayList<>();
    GeneratedText out = gen.generate(input("When was the Eiffel Tower completed?", CONTEXT), pieces::add,
        new Cancellation());
    assertThat(out.text()).startsWith("It was completed in 1889 for the World's Fair. [2]");
    assertThat(String.join("", pieces)).isEqualTo(out.text());
    assertThat(out.shortAnswer()).isEqualTo("1889");
    assertThat(out.stopReason()).isEqualTo("complete");
    assertThat(gen.extractive()).isTrue();
  }

  @Test
  void everyMarkerNamesAPassageOfTheContext() {
    var gen = new ExtractiveGenerator(embedder, 3);
    Set<Integer> valid = Set.of(1, 2, 3);
    for (String q : List.of("Which town did Vesuvius bury?", "Who designed the Eiffel Tower?",
        "What did the Golden Gate Bridge hold a record for?")) {
      GeneratedText out = gen.generate(input(q, CONTEXT), s -> {}, new Cancellation());
      Matcher m = Pattern.compile("\\[(\\d+)]").matcher(out.text());
      int markers = 0;
      while (m.find()) {
        assertThat(valid).contains(Integer.parseInt(m.group(1)));
        markers++;
      }
      assertThat(markers).as(q).isPositive();
    }
  }

  @Test
  void cancellationStopsTheAnswer() {
    var gen = new ExtractiveGenerator(embedder, 3);
    var before = new Cancellation();
    before.cancel();
    List<String> pieces = new ArrayList<>();
    GeneratedText none = gen.generate(input("Which town did Vesuvius bury?", CONTEXT), pieces::add, before);
    assertThat(pieces).isEmpty();
    assertThat(none.text()).isEmpty();
    assertThat(none.stopReason()).isEqualTo("cancelled");

    // cancelled while streaming: nothing more arrives after the piece that cancelled
    var during = new Cancellation();
    List<String> got = new ArrayList<>();
    GeneratedText part = gen.generate(input("What happened in 79 AD at Pompeii and Herculaneum?", CONTEXT), p -> {
      got.add(p);
      during.cancel();
    }, during);
    assertThat(got).hasSize(1);
    assertThat(part.text()).isEqualTo(got.get(0));
    assertThat(part.stopReason()).isEqualTo("cancelled");
  }

  @Test
  void sentencesSkipHeadingsAndEmphasisAndKeepAbbreviationsWhole() {
    String md = "# The 1980 Eruption of Mount St. Helens\n\nMount St. Helens is a volcano in Washington. Its eruption "
        + "on **18 May 1980** was deadly.\n\n## Casualties\n\nHarry R. Truman refused to leave his lodge.\n"
        + "- Fifty-seven people were killed in all.\n";
    assertThat(ExtractiveGenerator.sentences(md)).containsExactly("Mount St. Helens is a volcano in Washington.",
        "Its eruption on 18 May 1980 was deadly.", "Harry R. Truman refused to leave his lodge.",
        "Fifty-seven people were killed in all.");
  }

  @Test
  void saysSoWhenThereIsNoContext() {
    GeneratedText out = new ExtractiveGenerator(embedder).generate(input("Anything?", List.of()), s -> {},
        new Cancellation());
    assertThat(out.stopReason()).isEqualTo("no_context");
    assertThat(out.text()).doesNotContain("[");
    assertThat(out.shortAnswer()).isEmpty();
  }

  @Test
  void publisherDeliversThePiecesThenCompletes() throws Exception {
    var gen = new ExtractiveGenerator(embedder, 3);
    var sub = new CollectingSubscriber(Long.MAX_VALUE);
    new GenerationPublisher(gen, input("What happened in 79 AD at Pompeii and Herculaneum?", CONTEXT)).subscribe(sub);
    assertThat(sub.done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(sub.error).isNull();
    String direct = gen.generate(input("What happened in 79 AD at Pompeii and Herculaneum?", CONTEXT), s -> {},
        new Cancellation()).text();
    assertThat(String.join("", sub.items)).isEqualTo(direct);
  }

  @Test
  void cancellingTheSubscriptionStopsDelivery() throws Exception {
    var gen = new ExtractiveGenerator(embedder, 3);
    var sub = new CollectingSubscriber(1) {
      @Override
      public void onNext(String item) {
        super.onNext(item);
        subscription.cancel();
        done.countDown();
      }
    };
    new GenerationPublisher(gen, input("What happened in 79 AD at Pompeii and Herculaneum?", CONTEXT)).subscribe(sub);
    assertThat(sub.done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(sub.items).hasSize(1);
  }

  /** Requests {@code demand} items up front and records what arrives. */
  static class CollectingSubscriber implements java.util.concurrent.Flow.Subscriber<String> {
    final List<String> items = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    final long demand;
    volatile Throwable error;
    java.util.concurrent.Flow.Subscription subscription;

    CollectingSubscriber(long demand) {
      this.demand = demand;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      s.request(demand);
    }

    @Override
    public void onNext(String item) {
      items.add(item);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onComplete() {
      done.countDown();
    }
  }
}
