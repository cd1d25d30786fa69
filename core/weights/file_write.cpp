#include "core/weights/file_write.h"

#include "core/data/record.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace wb {

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp")
{
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_)
        throw Error(tmp_ + ": cannot create: " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (f_) {
        std::fclose(f_);
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

void AtomicFileWriter::write(const void* data, size_t n)
{
    if (n > 0 && std::fwrite(data, 1, n, f_) != n)
        throw Error(tmp_ + ": write failed after " + std::to_string(written_) + " bytes: " + std::strerror(errno));
    written_ += n;
}

void AtomicFileWriter::pad(size_t n, char byte)
{
    char buf[256];
    std::memset(buf, byte, sizeof buf);
    while (n > 0) {
        const size_t k = std::min(n, sizeof buf);
        write(buf, k);
        n -= k;
    }
}

void AtomicFileWriter::commit()
{
    const bool flushed = std::fflush(f_) == 0;
    const bool closed = std::fclose(f_) == 0;
    f_ = nullptr;
    std::error_code ec;
    if (!flushed || !closed) {
        std::filesystem::remove(tmp_, ec);
        throw Error(tmp_ + ": write failed: " + std::strerror(errno));
    }
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) {
        std::filesystem::remove(tmp_, ec);
        throw Error(path_ + ": cannot rename " + tmp_ + " into place: " + ec.message());
    }
}

} // namespace wb
