#include "ui/common/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace wb {
namespace {

// Translators are children of the application object, found by name, so no
// global state is needed.
const char* const kTranslatorName = "wb_translator";
const char* const kLanguageProperty = "wb_language";

QString resolve(const QString& code)
{
    if (!code.isEmpty())
        return availableLanguages().contains(code) ? code : QStringLiteral("en");
    const QString system = QLocale::system().name();
    if (system.startsWith(QLatin1String("zh")))
        return QStringLiteral("zh_CN");
    return QStringLiteral("en");
}

void removeInstalled(QCoreApplication* app)
{
    const auto translators = app->findChildren<QTranslator*>(QString::fromLatin1(kTranslatorName),
                                                             Qt::FindDirectChildrenOnly);
    for (QTranslator* t : translators) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void install(QCoreApplication* app, const QString& file, const QString& dir = {})
{
    auto* t = new QTranslator(app);
    t->setObjectName(QString::fromLatin1(kTranslatorName));
    if (t->load(file, dir) && QCoreApplication::installTranslator(t))
        return;
    delete t;
}

} // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString languageDisplayName(const QString& code)
{
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (code == QLatin1String("en"))
        return QStringLiteral("English");
    return code;
}

QString applyLanguage(const QString& code)
{
    QCoreApplication* app = QCoreApplication::instance();
    const QString lang = resolve(code);
    if (!app)
        return lang;
    removeInstalled(app);
    if (lang != QLatin1String("en")) {
        install(app, QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath));
        install(app, QStringLiteral(":/i18n/llm_workbench_") + lang);
    }
    app->setProperty(kLanguageProperty, lang);
    return lang;
}

QString currentLanguage()
{
    const QCoreApplication* app = QCoreApplication::instance();
    const QString lang = app ? app->property(kLanguageProperty).toString() : QString();
    return lang.isEmpty() ? QStringLiteral("en") : lang;
}

} // namespace wb
