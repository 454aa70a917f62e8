package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
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
 * A document's id is its path relative to the root it was found under; its title comes from the file's
 * metadata, else its first heading or line, else its file name.
 */
public final class FileTreeSource implements DocumentSource {
  private final List<Path> roots;
  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;
  private final AutoDetectParser parser = new AutoDetectParser();

  public FileTreeSource(List<Path> roots, List<String> includeGlobs, List<String> excludeGlobs) {
    this.roots = List.copyOf(roots);
    this.includes = includeGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    this.excludes = excludeGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  @Override
  public void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    for (Path root : roots) {
      if (!Files.exists(root)) {
        skipped.accept(new Skipped(root.toString(), "does not exist"));
        continue;
      }
      Path base = Files.isDirectory(root) ? root : root.getParent() == null ? Path.of(".") : root.getParent();
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.isDirectory(root) ? Files.walk(root) : Stream.of(root)) {
        s.filter(Files::isRegularFile).filter(p -> wanted(base.relativize(p))).sorted().forEach(files::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        skipped.accept(new Skipped(root.toString(), "cannot list: " + e.getMessage()));
      }
      for (Path f : files) {
        parse(base, f, documents, skipped);
      }
    }
  }

  private boolean wanted(Path rel) {
    String name = rel.getFileName().toString();
    if (name.startsWith(".") || name.equalsIgnoreCase("README.md") && rel.getNameCount() == 1) {
      return false;
    }
    boolean in = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(rel));
    return in && excludes.stream().noneMatch(m -> m.matches(rel));
  }

  private void parse(Path base, Path file, Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    String id = base.relativize(file).toString().replace('\\', '/');
    try {
      if (Files.size(file) == 0) {
        skipped.accept(new Skipped(file.toString(), "empty file"));
        return;
      }
      var meta = new Metadata();
      meta.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
      var handler = new BodyContentHandler(-1);
      try (InputStream in = Files.newInputStream(file)) {
        parser.parse(in, handler, meta, new ParseContext());
      }
      String text = handler.toString().strip();
      if (text.isEmpty()) {
        skipped.accept(new Skipped(file.toString(), "no text could be extracted"));
        return;
      }
      String type = meta.get(Metadata.CONTENT_TYPE);
      String title = title(meta.get(TikaCoreProperties.TITLE), text, file);
      documents.accept(new SourceDocument(id, title, text, file.toUri().toString(), type,
          Files.getLastModifiedTime(file).toMillis(), Map.of()));
    } catch (Exception e) {
      skipped.accept(new Skipped(file.toString(), "cannot parse: " + rootCause(e)));
    }
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

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
