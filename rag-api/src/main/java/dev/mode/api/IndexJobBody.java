package dev.mode.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/index/jobs}: files and directories on the server to (re)build the index from.
 *
 * @param paths files or directories (required), read recursively
 * @param include glob patterns a file's relative path must match, or empty for all
 * @param exclude glob patterns of files to leave out
 */
public record IndexJobBody(List<String> paths, List<String> include, List<String> exclude) {}
