package dev.mode.indexer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file format the indexer reads, and every kind of bad file it must skip with a reason. */
class FileTreeSourceTest {
  @TempDir Path dir;

  record Result(Map<String, SourceDocument> documents, Map<String, String> skipped) {}

  Result read(List<Path> roots, List<String> include, List<String> exclude) {
    List<SourceDocument> docs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    new FileTreeSource(roots, include, exclude).read(docs::add, skipped::add);
    return new Result(docs.stream().collect(Collectors.toMap(SourceDocument::id, Function.identity())),
        skipped.stream().collect(Collectors.toMap(s -> Path.of(s.source()).getFileName().toString(), Skipped::reason)));
  }

  static void pdf(Path file, String title, String text) throws IOException {
    try (var doc = new PDDocument()) {
      var page = new PDPage();
      doc.addPage(page);
      try (var cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText(text);
        cs.endText();
      }
      doc.getDocumentInformation().setTitle(title);
      doc.getDocumentInformation().setAuthor("Pliny");
      doc.save(file.toFile());
    }
  }

  static void docx(Path file, String text) throws IOException {
    try (var doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
      doc.createParagraph().createRun().setText(text);
      doc.write(out);
    }
  }

  static void pptx(Path file, String text) throws IOException {
    try (var show = new XMLSlideShow(); OutputStream out = Files.newOutputStream(file)) {
      XSLFTextBox box = show.createSlide().createTextBox();
      box.setText(text);
      show.write(out);
    }
  }

  @Test
  void readsEveryFormatWithItsMetadata() throws IOException {
    Files.createDirectories(dir.resolve("docs/sub"));
    pdf(dir.resolve("docs/eruption.pdf"), "The eruption", "Vesuvius buried Pompeii in the year 79.");
    docx(dir.resolve("docs/report.docx"), "Quarterly revenue rose by twelve percent.");
    pptx(dir.resolve("docs/sub/slides.pptx"), "Roadmap for the new telescope.");
    Files.writeString(dir.resolve("docs/page.html"), "<html><head><title>Baking bread</title></head><body>"
        + "<h1>Bread</h1><p>Knead the dough for ten minutes.</p><script>var x = 1;</script></body></html>");
    Files.writeString(dir.resolve("docs/sub/notes.md"), "# Whales\n\nBlue whales are the largest animals.\n");
    Files.writeString(dir.resolve("docs/plain.txt"), "Sourdough needs a starter.\nFeed it daily.");
    Files.write(dir.resolve("docs/latin1.txt"), "Crème brûlée et café au lait, très bon; déjà vu à Noël."
        .getBytes(StandardCharsets.ISO_8859_1));

    Result r = read(List.of(dir.resolve("docs")), List.of(), List.of());
    assertThat(r.skipped()).isEmpty();
    assertThat(r.documents()).containsOnlyKeys("eruption.pdf", "report.docx", "sub/slides.pptx", "page.html",
        "sub/notes.md", "plain.txt", "latin1.txt");

    SourceDocument pdf = r.documents().get("eruption.pdf");
    assertThat(pdf.text()).contains("Vesuvius buried Pompeii");
    assertThat(pdf.title()).isEqualTo("The eruption");
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    assertThat(pdf.metadata()).containsEntry("author", "Pliny").containsEntry("path", "eruption.pdf");
    assertThat(pdf.source()).startsWith("file:").endsWith("docs/eruption.pdf");
    assertThat(pdf.modified()).isEqualTo(Files.getLastModifiedTime(dir.resolve("docs/eruption.pdf")).toMillis());

    assertThat(r.documents().get("report.docx").text()).contains("twelve percent");
    assertThat(r.documents().get("report.docx").contentType()).contains("wordprocessingml");
    assertThat(r.documents().get("sub/slides.pptx").text()).contains("telescope");
    assertThat(r.documents().get("sub/slides.pptx").contentType()).contains("presentationml");
    SourceDocument html = r.documents().get("page.html");
    assertThat(html.title()).isEqualTo("Baking bread");
    assertThat(html.text()).contains("Knead the dough").doesNotContain("var x");
    assertThat(html.contentType()).isEqualTo("text/html");
    SourceDocument md = r.documents().get("sub/notes.md");
    assertThat(md.title()).isEqualTo("Whales");
    assertThat(md.text()).contains("Blue whales");
    assertThat(r.documents().get("plain.txt").title()).isEqualTo("Sourdough needs a starter.");
    assertThat(r.documents().get("latin1.txt").text()).as("legacy encoding detected").contains("Crème brûlée", "Noël");
  }

  @Test
  void badFilesAreSkippedWithAReasonAndTheRestIsRead() throws IOException {
    Files.writeString(dir.resolve("good.txt"), "A good document about volcanoes.");
    Files.write(dir.resolve("corrupt.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage\n%%EOF"
        .getBytes(StandardCharsets.US_ASCII));
    byte[] junk = new byte[4096];
    new Random(1).nextBytes(junk);
    Files.write(dir.resolve("junk.bin"), junk);
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    Files.writeString(dir.resolve("blank.md"), "   \n\n  ");
    // UTF-16 without a byte order mark, given a .txt name: bytes that no text decoding reads as words
    byte[] utf16 = "Tidal waves are caused by earthquakes under the sea.".getBytes(StandardCharsets.UTF_16LE);
    byte[] garbled = new byte[utf16.length * 4];
    for (int i = 0; i < garbled.length; i++) {
      garbled[i] = i % 3 == 0 ? 0 : utf16[i % utf16.length];
    }
    Files.write(dir.resolve("wrong-encoding.txt"), garbled);
    Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("missing-target.txt"));
    // a truncated Office file: a zip header, then nothing usable
    docx(dir.resolve("whole.docx"), "Some text that will be cut off.");
    byte[] whole = Files.readAllBytes(dir.resolve("whole.docx"));
    Files.write(dir.resolve("truncated.docx"), java.util.Arrays.copyOf(whole, whole.length / 3));
    Files.delete(dir.resolve("whole.docx"));

    Result r = read(List.of(dir), List.of(), List.of());
    assertThat(r.documents()).containsOnlyKeys("good.txt");
    assertThat(r.skipped()).containsOnlyKeys("corrupt.pdf", "junk.bin", "empty.txt", "blank.md", "wrong-encoding.txt",
        "dangling.txt", "truncated.docx");
    assertThat(r.skipped().get("corrupt.pdf")).startsWith("cannot parse:");
    assertThat(r.skipped().get("junk.bin")).contains("binary");
    assertThat(r.skipped().get("empty.txt")).isEqualTo("empty file");
    assertThat(r.skipped().get("blank.md")).startsWith("no text could be extracted");
    assertThat(r.skipped().get("wrong-encoding.txt")).satisfiesAnyOf(
        s -> assertThat(s).contains("cannot be decoded"), s -> assertThat(s).contains("binary"));
    assertThat(r.skipped().get("dangling.txt")).isEqualTo("broken symbolic link");
    assertThat(r.skipped().get("truncated.docx")).isNotBlank();
  }

  /**
   * Linked directories are read, their files named by their path under the root; a link back up the tree is
   * reported, not followed round; a root that is itself a link is read like the directory it points to.
   */
  @Test
  void symbolicLinksToDirectoriesAreFollowedAndLoopsReported() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/cooking"));
    Files.writeString(elsewhere.resolve("bread.md"), "# Bread\nSourdough rises with wild yeast.");
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("lava.md"), "# Lava\nBasaltic lava flows far.");
    Files.createSymbolicLink(corpus.resolve("cooking"), elsewhere);
    Files.createSymbolicLink(corpus.resolve("loop"), corpus);
    Result r = read(List.of(corpus), List.of(), List.of());
    assertThat(r.documents()).containsOnlyKeys("lava.md", "cooking/bread.md");
    assertThat(r.skipped()).containsOnlyKeys("loop");
    assertThat(r.skipped().get("loop")).contains("symbolic link loop");

    Path linkedRoot = Files.createSymbolicLink(dir.resolve("linked-root"), elsewhere);
    assertThat(read(List.of(linkedRoot), List.of(), List.of()).documents()).containsOnlyKeys("bread.md");
  }

  @Test
  void unreadableFileIsSkipped() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path f = dir.resolve("secret.txt");
    Files.writeString(f, "Top secret text.");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    assertThat(read(List.of(dir), List.of(), List.of()).skipped()).containsEntry("secret.txt", "permission denied");
  }

  @Test
  void includeAndExcludeGlobsMatchRelativePathsAndHiddenFilesAreIgnored() throws IOException {
    Files.createDirectories(dir.resolve("a/drafts"));
    Files.writeString(dir.resolve("a/one.md"), "One.");
    Files.writeString(dir.resolve("a/two.txt"), "Two.");
    Files.writeString(dir.resolve("a/drafts/three.md"), "Three.");
    Files.writeString(dir.resolve("a/.hidden.md"), "Hidden.");
    Files.writeString(dir.resolve("a/README.md"), "About this corpus.");
    assertThat(read(List.of(dir.resolve("a")), List.of(), List.of()).documents())
        .containsOnlyKeys("one.md", "two.txt", "drafts/three.md");
    assertThat(read(List.of(dir.resolve("a")), List.of("*.md"), List.of()).documents())
        .containsOnlyKeys("one.md", "drafts/three.md");
    assertThat(read(List.of(dir.resolve("a")), List.of("**.md"), List.of("drafts/**")).documents())
        .containsOnlyKeys("one.md");
  }

  /** A glob's {@code **}{@code /} also matches no directory, and an exclude glob also matches bare file names. */
  @Test
  void globsMatchAtEveryDepthAsInShellsAndGitignore() throws IOException {
    Files.createDirectories(dir.resolve("c/notes/drafts"));
    Files.createDirectories(dir.resolve("c/drafts"));
    Files.writeString(dir.resolve("c/top.md"), "Top.");
    Files.writeString(dir.resolve("c/top.tmp"), "Scratch.");
    Files.writeString(dir.resolve("c/notes/nested.md"), "Nested.");
    Files.writeString(dir.resolve("c/notes/scratch.tmp"), "Scratch.");
    Files.writeString(dir.resolve("c/drafts/d1.md"), "Draft.");
    Files.writeString(dir.resolve("c/notes/drafts/d2.md"), "Draft.");
    List<Path> root = List.of(dir.resolve("c"));
    assertThat(read(root, List.of("**/*.md"), List.of()).documents()).as("**/ matches no directory too")
        .containsOnlyKeys("top.md", "notes/nested.md", "drafts/d1.md", "notes/drafts/d2.md");
    assertThat(read(root, List.of(), List.of("*.tmp", "**/drafts/**")).documents())
        .as("*.tmp excludes at every depth; **/drafts/** also the top-level drafts")
        .containsOnlyKeys("top.md", "notes/nested.md");
    assertThat(read(root, List.of("notes/**/*.md"), List.of()).documents())
        .containsOnlyKeys("notes/nested.md", "notes/drafts/d2.md");
  }

  /** Files in hidden directories (a checkout's .git, a tool's .cache) are not documents, as hidden files are not. */
  @Test
  void hiddenDirectoriesAreNotRead() throws IOException {
    Files.createDirectories(dir.resolve("corpus/.git/hooks"));
    Files.createDirectories(dir.resolve("corpus/topic/.cache"));
    Files.writeString(dir.resolve("corpus/topic/real.md"), "# Real\n\nA document.");
    Files.writeString(dir.resolve("corpus/.git/config"), "[core]\n\trepositoryformatversion = 0\n");
    Files.writeString(dir.resolve("corpus/.git/hooks/pre-commit.sample"), "#!/bin/sh\necho a hook script\n");
    Files.writeString(dir.resolve("corpus/topic/.cache/notes.txt"), "Cached text.");
    Result r = read(List.of(dir.resolve("corpus")), List.of(), List.of());
    assertThat(r.documents()).containsOnlyKeys("topic/real.md");
    assertThat(r.skipped()).isEmpty();
    Path hiddenRoot = Files.createDirectories(dir.resolve(".notes"));
    Files.writeString(hiddenRoot.resolve("n.md"), "# Note\n\nGiven as the input, a hidden directory is read.");
    assertThat(read(List.of(hiddenRoot), List.of(), List.of()).documents()).containsOnlyKeys("n.md");
  }

  /** A link to a device or pipe is not a document, but not a broken link either. */
  @Test
  void linkToADeviceIsNotABrokenLink() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/null")), "a Unix device to link to");
    Files.writeString(dir.resolve("good.txt"), "A good document.");
    Files.createSymbolicLink(dir.resolve("device.txt"), Path.of("/dev/null"));
    Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("missing.txt"));
    Result r = read(List.of(dir), List.of(), List.of());
    assertThat(r.documents()).containsOnlyKeys("good.txt");
    assertThat(r.skipped()).containsEntry("device.txt", "not a regular file")
        .containsEntry("dangling.txt", "broken symbolic link");
    Files.delete(dir.resolve("device.txt")); // else JUnit warns, cleaning up, that the link leads out of its folder
  }

  /**
   * Documents are handed on while a large tree is still being parsed (the job's progress moves during parsing):
   * the last file, deleted when the first document arrives, has not been parsed by then.
   */
  @Test
  void documentsFlowBeforeTheLastFileIsParsed() throws IOException {
    int files = 16 * Runtime.getRuntime().availableProcessors() + 64 + 1; // more than one batch
    for (int i = 0; i < files; i++) {
      Files.writeString(dir.resolve(String.format("doc-%05d.txt", i)), "Document number " + i + ".");
    }
    Path last = dir.resolve(String.format("doc-%05d.txt", files - 1));
    List<SourceDocument> docs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    new FileTreeSource(List.of(dir), List.of(), List.of()).read(d -> {
      if (docs.isEmpty()) {
        try {
          Files.delete(last);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      docs.add(d);
    }, skipped::add);
    assertThat(docs).hasSize(files - 1).extracting(SourceDocument::id).isSorted();
    assertThat(skipped).extracting(Skipped::source).containsExactly(last.toString());
  }

  @Test
  void singleFilesAndMissingInputs() throws IOException {
    Path f = dir.resolve("single.md");
    Files.writeString(f, "# Title\n\nBody text.");
    Result r = read(List.of(f, dir.resolve("nope")), List.of(), List.of());
    assertThat(r.documents()).containsOnlyKeys("single.md");
    assertThat(r.skipped()).containsEntry("nope", "does not exist");
  }

  @Test
  void garbageShareCountsReplacementAndControlCharacters() {
    assertThat(FileTreeSource.garbage("plain text\nwith lines\tand tabs")).isZero();
    assertThat(FileTreeSource.garbage("ab\uFFFD\u0001")).isEqualTo(0.5);
  }

  List<SourceDocument> docs(FileTreeSource source, List<Skipped> skipped) {
    List<SourceDocument> docs = new ArrayList<>();
    source.read(docs::add, skipped::add);
    return docs;
  }

  @Test
  void textLongerThanTheLimitIsSkippedWithoutReadingItAll() throws IOException {
    Files.writeString(dir.resolve("at-limit.txt"), "x".repeat(999) + "\n");
    Files.writeString(dir.resolve("huge.txt"), "A line of ordinary text.\n".repeat(200_000)); // 5 MB
    List<Skipped> skipped = new ArrayList<>();
    List<SourceDocument> docs = docs(new FileTreeSource(List.of(dir), List.of(), List.of()).withMaxChars(1000),
        skipped);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("at-limit.txt");
    assertThat(skipped).extracting(Skipped::reason)
        .containsExactly("text too long (over 1,000 characters, the limit of chunking.max-document-chars)");
    List<Skipped> none = new ArrayList<>();
    assertThat(docs(new FileTreeSource(List.of(dir), List.of(), List.of()), none)).as("under the default limit")
        .extracting(SourceDocument::id).containsExactly("at-limit.txt", "huge.txt");
    assertThat(none).isEmpty();
  }

  @Test
  void idRootGivesIdsRelativeToItWhateverTheInput() throws IOException {
    Path cooking = Files.createDirectories(dir.resolve("corpus/cooking"));
    Files.writeString(cooking.resolve("caramel.md"), "# Caramel\n\nHeat sugar until it turns amber.");
    Files.writeString(dir.resolve("outside.md"), "# Outside\n\nNot under the id root.");
    List<Skipped> skipped = new ArrayList<>();
    assertThat(docs(new FileTreeSource(List.of(cooking.resolve("caramel.md")), List.of(), List.of()), skipped))
        .as("a single file is named by its file name").extracting(SourceDocument::id).containsExactly("caramel.md");
    List<SourceDocument> rooted = docs(new FileTreeSource(List.of(cooking.resolve("caramel.md"),
        dir.resolve("outside.md")), List.of(), List.of()).withIdRoot(dir.resolve("corpus")), skipped);
    assertThat(rooted).extracting(SourceDocument::id).containsExactly("cooking/caramel.md");
    assertThat(rooted.get(0).metadata()).containsEntry("path", "cooking/caramel.md");
    assertThat(skipped).extracting(Skipped::reason)
        .containsExactly("not under the id root " + dir.resolve("corpus").toAbsolutePath().normalize());
    assertThat(docs(new FileTreeSource(List.of(dir.resolve("corpus")), List.of(), List.of()), new ArrayList<>()))
        .as("the build's id of the same file").extracting(SourceDocument::id).containsExactly("cooking/caramel.md");
  }

  @Test
  void titleIsTheFirstLineFoundWithoutSplittingTheText() {
    Path f = Path.of("notes.txt");
    assertThat(FileTreeSource.title("Meta title ", "text", f)).isEqualTo("Meta title");
    assertThat(FileTreeSource.title(null, "## Heading\nbody\n" + "more\n".repeat(1000), f)).isEqualTo("Heading");
    assertThat(FileTreeSource.title(null, "\n  \n  first line  \nsecond", f)).isEqualTo("first line");
    assertThat(FileTreeSource.title(null, "y".repeat(5000), f)).isEqualTo("y".repeat(200));
    assertThat(FileTreeSource.title(" ", "\n".repeat(30) + "late", f)).as("only the first 20 lines").isEqualTo("notes.txt");
  }
}
