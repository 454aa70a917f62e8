package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Files and directory trees (recursive), parsed by Apache Tika: PDF, DOCX, PPTX, HTML, Markdown, plain text.
 * A document's id is its path relative to the root it was found under (the file name for a single file); its title
 * comes from the file's metadata, else its first heading or line, else its file name; its metadata holds that
 * relative {@code path} and, when the file names one, its {@code author}. Include and exclude globs match the
 * relative path ({@code **}{@code /*.pdf}, {@code drafts/**}); an include also matches the bare file name
 * ({@code *.md}). Hidden files, and a README.md at the top of an input directory, are ignored.
 *
 * <p>Files are parsed on all cores, and handed on in path order so a run is repeatable. A file that is empty,
 * unreadable, corrupt, binary, or whose text cannot be decoded is reported with the reason and skipped.
 */
public final class FileTreeSource implements DocumentSource {
  /** Share of replacement or control characters above which extracted text is taken as undecodable. */
  private static final double MAX_GARBAGE = 0.02;

  private final List<Path> roots;
  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;
  private final AutoDetectParser parser = new AutoDetectParser();

  public FileTreeSource(List<Path> roots, List<String> includeGlobs, List<String> excludeGlobs) {
    this.roots = List.copyOf(roots);
    this.includes = includeGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    this.excludes = excludeGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  /** What parsing one file gave: a document or the reason it was skipped. */
  private record Outcome(SourceDocument document, Skipped skipped) {}

  @Override
  public void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    for (Path root : roots) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        skipped.accept(new Skipped(root.toString(), "does not exist"));
        continue;
      }
      Path abs = root.toAbsolutePath().normalize();
      boolean dir = Files.isDirectory(abs);
      Path base = dir ? abs : abs.getParent();
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = dir ? Files.walk(abs) : Stream.of(abs)) {
        s.filter(p -> !Files.isDirectory(p)).filter(p -> wanted(base.relativize(p), dir)).sorted().forEach(files::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        skipped.accept(new Skipped(root.toString(), "cannot list: " + Skipped.describe(e)));
      }
      List<Outcome> outcomes = files.parallelStream().map(f -> parse(base, f)).toList();
      for (Outcome o : outcomes) {
        if (o.document() != null) {
          documents.accept(o.document());
        } else {
          skipped.accept(o.skipped());
        }
      }
    }
  }

  private boolean wanted(Path rel, boolean inDirectory) {
    String name = rel.getFileName().toString();
    // hidden files, and the README.md that describes a corpus directory, are not documents of it
    if (name.startsWith(".") || inDirectory && rel.getNameCount() == 1 && name.equalsIgnoreCase("README.md")) {
      return false;
    }
    boolean in = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(rel) || m.matches(rel.getFileName()));
    return in && excludes.stream().noneMatch(m -> m.matches(rel));
  }

  private Outcome parse(Path base, Path file) {
    Path abs = file;
    String id = base.relativize(file).toString().replace('\\', '/');
    String where = file.toString();
    try {
      if (!Files.isRegularFile(file)) {
        return skip(where, Files.isSymbolicLink(file) ? "broken symbolic link" : "not a regular file");
      }
      if (!Files.isReadable(file)) {
        return skip(where, "permission denied");
      }
      if (Files.size(file) == 0) {
        return skip(where, "empty file");
      }
      var meta = new Metadata();
      meta.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
      var handler = new BodyContentHandler(-1);
      try (InputStream in = Files.newInputStream(file)) {
        parser.parse(in, handler, meta, new ParseContext());
      }
      String type = meta.get(Metadata.CONTENT_TYPE);
      String text = handler.toString().strip();
      if (text.isEmpty()) {
        return skip(where, type == null || type.startsWith("application/octet-stream")
            ? "binary or unknown content, no text" : "no text could be extracted (" + type + ")");
      }
      if (garbage(text) > MAX_GARBAGE) {
        return skip(where, "text cannot be decoded (wrong encoding or binary content, " + type + ")");
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("path", id);
      String author = meta.get(TikaCoreProperties.CREATOR);
      if (author != null && !author.isBlank()) {
        metadata.put("author", author.strip());
      }
      String title = title(meta.get(TikaCoreProperties.TITLE), text, file);
      return new Outcome(new SourceDocument(id, title, text, abs.toUri().toString(), mediaType(type),
          Files.getLastModifiedTime(file).toMillis(), metadata), null);
    } catch (Exception | LinkageError e) { // Tika parsers can fail in any way on hostile input
      return skip(where, "cannot parse: " + Skipped.describe(e));
    }
  }

  private static Outcome skip(String where, String reason) {
    return new Outcome(null, new Skipped(where, reason));
  }

  /** Share of characters that are replacement characters or control characters other than whitespace. */
  static double garbage(String text) {
    long bad = text.chars().filter(c -> c == '\uFFFD' || c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
        .count();
    return bad / (double) text.length();
  }

  /** The media type without parameters (charset), e.g. {@code text/plain}. */
  private static String mediaType(String type) {
    if (type == null) {
      return "application/octet-stream";
    }
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).strip();
  }

  private static String title(String metaTitle, String text, Path file) {
    if (metaTitle != null && !metaTitle.isBlank()) {
      return metaTitle.strip();
    }
    for (String line : text.split("\n", 20)) {
      String l = line.strip();
      if (!l.isEmpty()) {
        l = l.replaceFirst("^#+\\s*", "");
        return l.length() > 200 ? l.substring(0, 200) : l;
      }
    }
    return file.getFileName().toString();
  }
}
