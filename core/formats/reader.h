#pragma once
// Internals of the readers shared by formats.cpp, parseOne and the tests.
#include "core/formats/chunked_input.h"
#include "core/formats/formats.h"

namespace wb::formats {

// readBytes with an explicit chunk size, so tests can make records and UTF-8
// sequences straddle chunk boundaries.
ReadStats readBytesChunked(std::string_view bytes, const std::string& nameForErrors, const ImportOptions& opt,
                           const RecordSink& onRecord, const ErrorSink& onError, size_t chunkSize);

// The record fields a CSV column can map to.
const std::vector<std::string>& csvFieldNames();

} // namespace wb::formats
