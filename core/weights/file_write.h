#pragma once
// Writes a file as path + ".tmp" and renames it into place on commit(), so a
// failed or interrupted write never leaves a truncated file under `path`.
#include <cstddef>
#include <cstdio>
#include <string>

namespace wb {

class AtomicFileWriter {
public:
    explicit AtomicFileWriter(std::string path); // throws wb::Error naming the path
    ~AtomicFileWriter();                         // removes the .tmp unless committed
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, size_t n);
    void pad(size_t n, char byte); // n copies of byte
    size_t written() const { return written_; }
    void commit();

private:
    std::string path_;
    std::string tmp_;
    std::FILE* f_ = nullptr;
    size_t written_ = 0;
};

} // namespace wb
