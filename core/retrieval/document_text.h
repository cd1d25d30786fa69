#pragma once
// Turning knowledge-base sources into plain UTF-8 text: .txt/.md as they are
// (strict UTF-8, a BOM dropped, CRLF kept), .html/.htm with tags, scripts and
// styles stripped and entities decoded, .pdf through poppler-cpp (pages joined
// by a blank line), and the contexts of SQuAD-style JSON files. Every failure is
// a wb::Error naming the file (and the byte offset / JSON field). Qt-free.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

enum class DocumentKind { Text, Markdown, Html, Pdf, Squad, Record };
std::string toString(DocumentKind k);   // "text" "markdown" "html" "pdf" "squad" "record"
DocumentKind documentKindFromString(const std::string& s);   // throws wb::Error naming the value

// By extension (case-insensitive): .txt .text -> Text, .md .markdown -> Markdown,
// .html .htm -> Html, .pdf -> Pdf; nullopt for anything else.
std::optional<DocumentKind> documentKindForPath(const std::string& path);

// Plain text of `bytes` read from `path` (Text, Markdown, Html, Pdf).
// Throws wb::Error "<path>: ..." for invalid UTF-8 (with the byte offset) or an unreadable PDF.
std::string extractText(const std::string& path, DocumentKind kind, const std::string& bytes);

// Visible text of an HTML document: <script>, <style>, <head> and comments
// removed, block elements (p, div, br, li, h1-h6, tr...) become line breaks,
// entities (&amp; &lt; &#20013; &#x4E2D; ...) decoded, runs of blank lines collapsed.
std::string htmlToText(std::string_view html);

// Text of every page of a PDF held in memory; throws wb::Error naming `path`.
std::string pdfToText(const std::string& path, const std::string& bytes);

struct SquadQuestion {
    std::string id;
    std::string question;
    std::string answer;          // first answer's text ("" when none)
    int64_t answerStartByte = -1;   // byte offset of the first answer in the context, -1 when unknown
};

struct SquadContext {
    std::string title;
    std::string context;
    int article = 0;      // index in data[]
    int paragraph = 0;    // index in data[article].paragraphs[]
    std::vector<SquadQuestion> questions;
};

// data[].paragraphs[].context (SQuAD v1/v2, CMRC 2018). answer_start is in code
// points as SQuAD defines it and is converted to bytes. Throws wb::Error naming
// the file and the JSON path of a missing or mistyped field.
std::vector<SquadContext> parseSquad(const std::string& path, const std::string& bytes);

} // namespace wb
