#pragma once
// spdlog setup. The header does not expose spdlog; log with spdlog::info()
// etc. (the default logger) after calling one of these.
#include <string>

namespace wb {

// Default logger `name`: a rotating file <logDir>/<name>.log (5 MB x 3 files)
// at info and above, plus stderr for warnings and above. Creates logDir.
// Throws wb::Error if the log file cannot be opened.
void initLogging(const std::string& logDir, const std::string& name);

// For job processes: default logger "job" writing <runDir>/job.log (appended)
// plus warnings and above on stderr. Creates runDir.
void initJobLogging(const std::string& runDir);

// Path of the file initLogging(logDir, name) writes.
std::string logFilePath(const std::string& logDir, const std::string& name);

// Flushes the default logger's sinks.
void flushLogs();

} // namespace wb
