// The LLM Workbench desktop application.
//   llm-workbench [PROJECT.llmwb] [--screenshot FILE]
// --screenshot grabs the window to FILE once the project is shown, then quits
// (used to make the README screenshot under xvfb-run).
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/retrieval/embedder.h"
#include "core/runtime/threads.h"
#include "core/util/logging.h"
#include "core/util/paths.h"
#include "core/util/thread_environment.h"
#include "ui/common/language.h"
#include "ui/mainwindow/main_window.h"
#include "ui/mainwindow/preferences_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QSettings>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <cstdio>

#ifndef LLMWB_VERSION
#define LLMWB_VERSION "0.1.0"
#endif

int main(int argc, char** argv)
{
    // LibTorch is linked in: its thread pools read their settings at start-up.
    wb::restartWithComputeThreadEnvironment(argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LLM Workbench"));
    QApplication::setApplicationName(QStringLiteral("LLM Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(LLMWB_VERSION));

    try {
        wb::initLogging(wb::appDataDir() + "/logs", "llm-workbench");
    } catch (const wb::Error& e) {
        std::fprintf(stderr, "llm-workbench: logging disabled: %s\n", e.what());
    }
    wb::applyLanguage(QSettings().value(wb::PreferencesDialog::kLanguageKey).toString());
    wb::configureComputeThreads();   // LibTorch starts with 1 thread

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Curate datasets for domain LLMs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Save a picture of the window to FILE and quit."),
                                  QStringLiteral("FILE"));
    parser.addOption(screenshot);
    parser.addPositionalArgument(QStringLiteral("project"), QApplication::translate("main", "Project file to open."));
    parser.process(app);

    wb::MainWindow window;
    window.setModelLoader(&wb::CausalLM::load);   // the chat panel's models (wb_ui itself does not link LibTorch)
    window.setEmbedderFactory(&wb::loadEmbedder);  // the embedding map's embedders
    window.show();
    const QStringList args = parser.positionalArguments();
    bool opened = true;
    if (!args.isEmpty()) {
        // A missing project is an error (shown, not blocking), never created silently.
        opened = window.openProject(args.front());
    }

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Let layouts, the first table page and the tokenizer settle first.
        QTimer::singleShot(1500, &window, [&window, file, opened] {
            const bool saved = window.grab().save(file);
            if (!saved)
                std::fprintf(stderr, "llm-workbench: cannot write %s\n", qPrintable(file));
            QApplication::exit(saved && opened ? 0 : 1);
        });
    }
    const int rc = app.exec();
    spdlog::info("exit {}", rc);
    wb::flushLogs();
    return rc;
}
