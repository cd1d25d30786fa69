#include "core/store/project_store.h"
#include "ui/common/language.h"
#include "ui/importer/import_dialog.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

namespace {
bool hasCjk(const QString& s)
{
    for (QChar c : s)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

QSet<QString> placeholders(const QString& s)
{
    QSet<QString> out;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(s); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}
} // namespace

class tst_language : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void availableLanguages();
    void switchesToChineseAndBack();
    void tsFileIsComplete();
};

void tst_language::cleanup()
{
    wb::applyLanguage(QStringLiteral("en"));
}

void tst_language::availableLanguages()
{
    QCOMPARE(wb::availableLanguages(), (QStringList{QStringLiteral("en"), QStringLiteral("zh_CN")}));
    QCOMPARE(wb::languageDisplayName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
}

void tst_language::switchesToChineseAndBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString project = dir.filePath(QStringLiteral("p.llmwb"));
    auto store = wb::ProjectStore::create(project.toStdString());
    wb::ImportDialog dlg(*store, project, {}, 0);
    QCOMPARE(dlg.windowTitle(), QStringLiteral("Import Dataset Files"));

    QCOMPARE(wb::applyLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(wb::currentLanguage(), QStringLiteral("zh_CN"));
    const QString translated = QCoreApplication::translate("wb::ImportDialog", "Import Dataset Files");
    QVERIFY2(hasCjk(translated), qPrintable(translated));
    // The open dialog retranslated itself on QEvent::LanguageChange.
    QTRY_COMPARE(dlg.windowTitle(), translated);
    QVERIFY(hasCjk(QCoreApplication::translate("wb::ExportDialog", "Export Records")));

    QCOMPARE(wb::applyLanguage(QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("wb::ImportDialog", "Import Dataset Files"),
             QStringLiteral("Import Dataset Files"));
    QTRY_COMPARE(dlg.windowTitle(), QStringLiteral("Import Dataset Files"));

    // Unknown codes fall back to English instead of failing.
    QCOMPARE(wb::applyLanguage(QStringLiteral("xx_YY")), QStringLiteral("en"));
}

void tst_language::tsFileIsComplete()
{
    const QByteArray data = qgetenv("WB_TEST_DATA");
    if (data.isEmpty())
        QSKIP("WB_TEST_DATA is not set (run through ctest)");
    const QString path = QString::fromLocal8Bit(data) + QStringLiteral("/../../translations/llm_workbench_zh_CN.ts");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QXmlStreamReader xml(&file);
    QString context, source, translationType;
    QStringList translations;
    int messages = 0;
    QStringList problems;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name") && context.isNull())
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                source.clear();
                translations.clear();
                translationType.clear();
            } else if (name == QLatin1String("source"))
                source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                translationType = xml.attributes().value(QLatin1String("type")).toString();
                // Plural forms come as <numerusform> children; plain text otherwise.
                QString text;
                while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                        translations << xml.readElementText();
                    else if (xml.isCharacters() && !xml.isWhitespace())
                        text += xml.text();
                }
                if (!text.isEmpty())
                    translations << text;
            }
        } else if (xml.isEndElement()) {
            if (xml.name() == QLatin1String("context"))
                context = QString();
            else if (xml.name() == QLatin1String("message")) {
                ++messages;
                const QString where = context + QStringLiteral(": \"") + source + QLatin1Char('"');
                if (!translationType.isEmpty())
                    problems << where + QStringLiteral(" is ") + translationType;
                else if (translations.isEmpty() || std::any_of(translations.begin(), translations.end(),
                                                               [](const QString& t) { return t.isEmpty(); }))
                    problems << where + QStringLiteral(" has no translation");
                else
                    for (const QString& t : translations) {
                        QSet<QString> expected = placeholders(source);
                        QSet<QString> got = placeholders(t);
                        if (expected.remove(QStringLiteral("%n")), got.remove(QStringLiteral("%n")), expected != got)
                            problems << where + QStringLiteral(" placeholders differ in \"") + t + QLatin1Char('"');
                    }
            }
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(messages > 100, qPrintable(QString::number(messages)));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))));
}

QTEST_MAIN(tst_language)
#include "tst_language.moc"
