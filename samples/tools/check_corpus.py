#!/usr/bin/env python3
"""Sanity checks for the MODE sample corpus (standard library + optional pdftotext).

* counts documents per topic and format, and the total corpus size
* every document has a title (Markdown '# ', HTML <title>/<h1>, first line of .txt)
* every entry of samples/questions.jsonl points at an existing document whose
  extracted text contains the answer verbatim (whitespace-normalised)
"""
import collections, html, json, os, re, shutil, subprocess, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, ".."))
CORPUS = os.path.join(SAMPLES, "corpus")


def text_of(path):
    ext = path.rsplit(".", 1)[-1]
    if ext == "pdf":
        if not shutil.which("pdftotext"):
            return None
        return subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout
    if ext == "docx":
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        return html.unescape(re.sub(r"<[^>]+>", " ", xml.replace("</w:p>", "\n")))
    raw = open(path, encoding="utf-8").read()
    if ext == "html":
        raw = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", raw)
        return html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return raw


def norm(s):
    return " ".join(s.split())


def main():
    problems = []
    counts = collections.defaultdict(collections.Counter)
    total = 0
    for topic in sorted(os.listdir(CORPUS)):
        d = os.path.join(CORPUS, topic)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            p = os.path.join(d, f)
            total += os.path.getsize(p)
            ext = f.rsplit(".", 1)[-1]
            counts[topic][ext] += 1
            if ext == "md" and not open(p, encoding="utf-8").readline().startswith("# "):
                problems.append("%s/%s: no '# Title' first line" % (topic, f))
            if ext == "html":
                s = open(p, encoding="utf-8").read()
                if "<title>" not in s or "<h1>" not in s:
                    problems.append("%s/%s: missing <title> or <h1>" % (topic, f))
    total += os.path.getsize(os.path.join(CORPUS, "README.md")) if os.path.exists(os.path.join(CORPUS, "README.md")) else 0
    fmts = sorted({e for c in counts.values() for e in c})
    print("%-28s %s  total" % ("topic", " ".join("%5s" % e for e in fmts)))
    grand = collections.Counter()
    for topic, c in counts.items():
        grand.update(c)
        print("%-28s %s  %5d" % (topic, " ".join("%5d" % c[e] for e in fmts), sum(c.values())))
    print("%-28s %s  %5d" % ("ALL", " ".join("%5d" % grand[e] for e in fmts), sum(grand.values())))
    print("corpus size: %.1f KiB" % (total / 1024))

    with open(os.path.join(SAMPLES, "questions.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            q = json.loads(line)
            p = os.path.join(CORPUS, q["source"])
            if not os.path.exists(p):
                problems.append("%s: source %s does not exist" % (q["id"], q["source"]))
                continue
            t = text_of(p)
            if t is None:
                print("%s: skipped (pdftotext not installed)" % q["id"])
                continue
            ok = norm(q["answer"]) in norm(t)
            print("%s: %-4s %-55s %s" % (q["id"], "OK" if ok else "FAIL", q["source"], q["answer"]))
            if not ok:
                problems.append("%s: answer %r not found in %s" % (q["id"], q["answer"], q["source"]))
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
