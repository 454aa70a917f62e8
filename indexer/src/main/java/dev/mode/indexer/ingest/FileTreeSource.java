package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.PatternSyntaxException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Files and directory trees (recursive), parsed by Apache Tika: PDF, DOCX, PPTX, HTML, Markdown, plain text.
 * A document's id is its path relative to the root it was found under (the file name for a single file), or,
 * with {@link #withIdRoot}, relative to that directory whatever input it was found under (so a file added on its
 * own later gets the id a build of the whole tree gave it). Its title comes from the file's metadata, else its
 * first heading or line, else its file name; its metadata holds its id as {@code path} and, when the file names one,
 * its {@code author}. Include and exclude globs match the path relative to the input root
 * ({@code **}{@code /*.pdf}, {@code drafts/**}; a {@code **}{@code /} also matches no directory) or the bare file name
 * ({@code *.md}). Hidden files and directories, and a README.md at the top of an input directory, are ignored.
 *
 * <p>Files are parsed on all cores, a batch at a time, and handed on in path order so a run is repeatable. A file that is empty,
 * unreadable, corrupt, binary, whose text cannot be decoded, or whose text is longer than the character limit
 * ({@link #withMaxChars}; parsing stops there, so a huge file costs no more memory than the limit) is reported with
 * the reason and skipped.
 */
public final class FileTreeSource implements DocumentSource {
  /** Share of replacement or control characters above which extracted text is taken as undecodable. */
  private static final double MAX_GARBAGE = 0.02;
  /** The default character limit of one file's text, that of {@code chunking.max-document-chars}. */
  public static final int DEFAULT_MAX_CHARS = 10_000_000;

  private final List<Path> roots;
  private final List<String> includeGlobs;
  private final List<String> excludeGlobs;
  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;
  private final Path idRoot;
  private final int maxChars;
  private final AutoDetectParser parser = new AutoDetectParser();

  public FileTreeSource(List<Path> roots, List<String> includeGlobs, List<String> excludeGlobs) {
    this(roots, includeGlobs, excludeGlobs, null, DEFAULT_MAX_CHARS);
  }

  private FileTreeSource(List<Path> roots, List<String> includeGlobs, List<String> excludeGlobs, Path idRoot,
      int maxChars) {
    this.roots = List.copyOf(roots);
    this.includeGlobs = List.copyOf(includeGlobs);
    this.excludeGlobs = List.copyOf(excludeGlobs);
    this.includes = includeGlobs.stream().flatMap(g -> matchers(g).stream()).toList();
    this.excludes = excludeGlobs.stream().flatMap(g -> matchers(g).stream()).toList();
    this.idRoot = idRoot == null ? null : idRoot.toAbsolutePath().normalize();
    if (maxChars < 1) {
      throw new IllegalArgumentException("the character limit must be positive: " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /**
   * The same source with ids relative to {@code idRoot} (a directory holding every input; a file outside it is
   * skipped), or relative to each input root again when {@code null}.
   */
  public FileTreeSource withIdRoot(Path idRoot) {
    return new FileTreeSource(roots, includeGlobs, excludeGlobs, idRoot, maxChars);
  }

  /** The same source skipping files whose extracted text is longer than {@code maxChars} characters. */
  public FileTreeSource withMaxChars(int maxChars) {
    return new FileTreeSource(roots, includeGlobs, excludeGlobs, idRoot, maxChars);
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
      if (dir) {
        list(abs, base, files, skipped);
      } else if (wanted(base.relativize(abs), false)) {
        files.add(abs);
      }
      files.sort(null);
      // parsed a batch at a time, so documents (and the job's progress) flow while a large tree is still being
      // parsed, instead of all at once after the last file
      int batch = Math.max(64, 16 * Runtime.getRuntime().availableProcessors());
      for (int from = 0; from < files.size(); from += batch) {
        List<Outcome> outcomes = files.subList(from, Math.min(files.size(), from + batch)).parallelStream()
            .map(f -> parse(base, f)).toList();
        for (Outcome o : outcomes) {
          if (o.document() != null) {
            documents.accept(o.document());
          } else {
            skipped.accept(o.skipped());
          }
        }
      }
    }
  }

  /**
   * The wanted files under a directory. Symbolic links to directories are followed (a corpus is often assembled from
   * links), each file keeping the path it has under the root; a link back to a directory being listed is reported
   * and not followed again.
   */
  private void list(Path dir, Path base, List<Path> files, Consumer<Skipped> skipped) {
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          // a hidden directory (.git, .cache, ...) holds no documents of the corpus, as a hidden file is none
          return !d.equals(dir) && d.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (!attrs.isDirectory() && wanted(base.relativize(file), true)) {
            files.add(file); // a broken link comes here too, with its own attributes; parsing reports it
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          skipped.accept(new Skipped(file.toString(), e instanceof FileSystemLoopException
              ? "symbolic link loop: it leads back to a directory already being read" : "cannot list: "
              + Skipped.describe(e)));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      skipped.accept(new Skipped(dir.toString(), "cannot list: " + Skipped.describe(e)));
    }
  }

  private boolean wanted(Path rel, boolean inDirectory) {
    String name = rel.getFileName().toString();
    // hidden files, and the README.md that describes a corpus directory, are not documents of it
    if (name.startsWith(".") || inDirectory && rel.getNameCount() == 1 && name.equalsIgnoreCase("README.md")) {
      return false;
    }
    boolean in = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(rel) || m.matches(rel.getFileName()));
    return in && excludes.stream().noneMatch(m -> m.matches(rel) || m.matches(rel.getFileName()));
  }

  /**
   * The matchers of a glob: the glob itself, and the glob with any of its {@code **}{@code /} segments left out, so
   * that, as in shells and {@code .gitignore}, {@code **}{@code /*.md} also matches {@code top.md} and
   * {@code **}{@code /drafts/**} also {@code drafts/x.md} (Java's glob wants at least one directory there).
   *
   * @throws IllegalArgumentException naming the glob, when it is not a valid glob
   */
  static List<PathMatcher> matchers(String glob) {
    Set<String> variants = new LinkedHashSet<>(List.of(glob));
    List<String> todo = new ArrayList<>(variants);
    while (!todo.isEmpty()) {
      String g = todo.remove(todo.size() - 1);
      for (int i = g.indexOf("**/"); i >= 0; i = g.indexOf("**/", i + 1)) {
        if ((i == 0 || g.charAt(i - 1) == '/') && variants.add(g.substring(0, i) + g.substring(i + 3))) {
          todo.add(g.substring(0, i) + g.substring(i + 3));
        }
      }
    }
    try {
      return variants.stream().map(v -> FileSystems.getDefault().getPathMatcher("glob:" + v)).toList();
    } catch (PatternSyntaxException e) { // its message spans three lines, the glob and a caret under the fault
      throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getDescription()
          + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : ""), e);
    }
  }

  private Outcome parse(Path base, Path file) {
    Path abs = file;
    String where = file.toString();
    if (idRoot != null && !file.startsWith(idRoot)) {
      return skip(where, "not under the id root " + idRoot);
    }
    String id = (idRoot != null ? idRoot : base).relativize(file).toString().replace('\\', '/');
    try {
      if (!Files.isRegularFile(file)) {
        // a link to a device or a pipe is not broken: only a link whose target is missing is
        return skip(where, Files.isSymbolicLink(file) && !Files.exists(file) ? "broken symbolic link"
            : "not a regular file");
      }
      if (!Files.isReadable(file)) {
        return skip(where, "permission denied");
      }
      if (Files.size(file) == 0) {
        return skip(where, "empty file");
      }
      var meta = new Metadata();
      meta.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
      // one character over the limit tells a text of exactly the limit from a longer one
      var handler = new BodyContentHandler(maxChars == Integer.MAX_VALUE ? maxChars : maxChars + 1);
      try (InputStream in = Files.newInputStream(file)) {
        parser.parse(in, handler, meta, new ParseContext());
      } catch (Exception e) {
        if (WriteLimitReachedException.isWriteLimitReached(e)) {
          return skip(where, String.format(Locale.ROOT, "text too long (over %,d characters, the limit of"
              + " chunking.max-document-chars)", maxChars));
        }
        throw e;
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
    } catch (OutOfMemoryError e) {
      // the file's text (or a parser's structures for it) does not fit the heap; what was allocated for it is
      // garbage now, so the other files can go on
      return skip(where, "out of memory while parsing (lower chunking.max-document-chars or give the JVM more heap,"
          + " e.g. MODE_JAVA_OPTS=-Xmx8g)");
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

  /**
   * The metadata title, else the first non-blank line (a Markdown heading without its {@code #}s, at most 200
   * characters), else the file name. Looks only as far as that line, without copying the text.
   */
  static String title(String metaTitle, String text, Path file) {
    if (metaTitle != null && !metaTitle.isBlank()) {
      return metaTitle.strip();
    }
    int from = 0;
    for (int lines = 0; lines < 20 && from < text.length(); lines++) {
      int end = text.indexOf('\n', from);
      if (end < 0) {
        end = text.length();
      }
      // only the start of a long line is needed: 200 characters of title after the heading marks and blanks
      String l = text.substring(from, Math.min(end, from + 1000)).strip();
      if (!l.isEmpty()) {
        l = l.replaceFirst("^#+\\s*", "");
        return l.length() > 200 ? l.substring(0, 200) : l;
      }
      from = end + 1;
    }
    return file.getFileName().toString();
  }
}
