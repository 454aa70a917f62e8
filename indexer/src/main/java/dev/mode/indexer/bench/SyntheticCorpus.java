package dev.mode.indexer.bench;

import dev.mode.core.SourceDocument;
import dev.mode.indexer.ingest.DocumentSource;
import dev.mode.indexer.ingest.Skipped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A generated corpus for indexing benchmarks: {@code documents} documents of about {@code words} words each, short
 * enough to be one passage, drawn from a fixed list of common English words with a topic structure (each document
 * mostly uses its topic's words), so clustering has something to find. Same arguments, same corpus.
 */
public final class SyntheticCorpus implements DocumentSource {
  /** Common English words, so the model's tokenizer sees about 1.3 tokens a word, as in real text. */
  private static final String[] WORDS = {
      "time", "year", "people", "way", "day", "man", "thing", "woman", "life", "child", "world", "school", "state",
      "family", "student", "group", "country", "problem", "hand", "part", "place", "case", "week", "company",
      "system", "program", "question", "work", "government", "number", "night", "point", "home", "water", "room",
      "mother", "area", "money", "story", "fact", "month", "lot", "right", "study", "book", "eye", "job", "word",
      "business", "issue", "side", "kind", "head", "house", "service", "friend", "father", "power", "hour", "game",
      "line", "end", "member", "law", "car", "city", "community", "name", "president", "team", "minute", "idea",
      "kid", "body", "information", "back", "parent", "face", "others", "level", "office", "door", "health",
      "person", "art", "war", "history", "party", "result", "change", "morning", "reason", "research", "girl",
      "guy", "moment", "air", "teacher", "force", "education", "foot", "boy", "age", "policy", "music", "market",
      "sense", "nation", "plan", "college", "interest", "death", "experience", "effect", "class", "control", "care",
      "field", "development", "role", "effort", "rate", "heart", "drug", "show", "leader", "light", "voice", "wife",
      "police", "mind", "price", "report", "decision", "son", "view", "relationship", "town", "road", "arm",
      "difference", "value", "building", "action", "model", "season", "society", "tax", "director", "position",
      "player", "record", "paper", "space", "ground", "form", "event", "official", "matter", "center", "couple",
      "site", "project", "activity", "star", "table", "need", "court", "oil", "situation", "cost", "industry",
      "figure", "street", "image", "phone", "data", "picture", "practice", "piece", "land", "product", "doctor",
      "wall", "patient", "worker", "news", "test", "movie", "north", "love", "support", "technology", "step",
      "baby", "computer", "type", "attention", "film", "tree", "source", "organization", "hair", "window",
      "evidence", "population", "site", "river", "volcano", "lava", "ash", "bread", "dough", "sugar", "bank",
      "stock", "bond", "planet", "orbit", "galaxy", "ocean", "whale", "fish", "king", "army", "castle", "engine",
      "wing", "flight", "storm", "rain", "snow", "forest", "animal", "garden", "kitchen", "oven", "recipe"};
  private static final int TOPICS = 16;

  private final int documents;
  private final int words;
  private final long seed;

  public SyntheticCorpus(int documents, int words, long seed) {
    if (documents < 1 || words < 1) {
      throw new IllegalArgumentException("need at least one document of one word");
    }
    this.documents = documents;
    this.words = words;
    this.seed = seed;
  }

  @Override
  public void read(Consumer<SourceDocument> out, Consumer<Skipped> skipped) {
    var rnd = new SplittableRandom(seed);
    List<String> vocab = new ArrayList<>(List.of(WORDS));
    java.util.Collections.shuffle(vocab, new java.util.Random(seed)); // each topic gets a random slice of the words
    int perTopic = vocab.size() / TOPICS;
    for (int d = 0; d < documents; d++) {
      int topic = rnd.nextInt(TOPICS);
      var text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        String word = rnd.nextInt(4) == 0 ? vocab.get(rnd.nextInt(vocab.size()))
            : vocab.get(topic * perTopic + rnd.nextInt(perTopic));
        text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        text.append(w + 1 == words ? "." : w % 12 == 11 ? ". " : " ");
      }
      String id = "syn-" + d;
      out.accept(new SourceDocument(id, "", text.toString(), "synthetic:" + id, "text/plain", 0,
          Map.of("topic", String.valueOf(topic))));
    }
  }
}
