#!/usr/bin/env python3
"""Fill translations/llm_workbench_zh_CN.ts from the glossary below.

Run after lupdate: python3 translations/zh_CN_glossary.py
Panels may keep their strings in translations/zh_CN/<panel>.tsv instead.
Accelerators: write the Chinese text without '&'; the script appends "(&X)"
with the source's accelerator letter before trailing ':' '…' '...'.
Prints the sources still missing a translation (exit status 1 if any).
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).with_name("llm_workbench_zh_CN.ts")

# (context, source) overrides, for words whose meaning depends on where they are.
BY_CONTEXT = {
    ("wb::RecordEditor", "Chosen"): "选中回答",
    ("wb::RecordEditor", "Rejected"): "拒绝回答",
    ("wb::RecordEditor", "Text"): "文本",
    ("wb::DatasetTableModel", "Chosen"): "选中回答",
    ('wb::ChatColumn', 'Plain text'): '纯文本',
}

G = {
    # app / main
    "Curate datasets for domain LLMs.": "为领域大模型整理数据集。",
    "Save a picture of the window to FILE and quit.": "将窗口截图保存到 FILE 后退出。",
    "Project file to open.": "要打开的项目文件。",
    "Cannot open project": "无法打开项目",
    "The project file %1 does not exist.": "项目文件 %1 不存在。",
    "Cancelled": "已取消",
    "Unknown error": "未知错误",
    # bulk actions / dataset panel
    "Sorting by text is limited to %L1 records: filter the dataset first.": "按文本排序仅限 %L1 条记录以内：请先筛选数据集。",
    "Bulk actions": "批量操作",
    "Apply to every record matching the filter": "应用于所有符合筛选条件的记录",
    "Set status": "设置状态",
    "Set split": "设置划分",
    "Set rating": "设置评分",
    "Unrated": "未评分",
    "Add tag…": "添加标签…",
    "Add tag": "添加标签",
    "Tag to add:": "要添加的标签：",
    "Remove tag…": "移除标签…",
    "Remove tag": "移除标签",
    "Tag to remove:": "要移除的标签：",
    "Delete matching records…": "删除匹配的记录…",
    "Set status: %1": "设置状态：%1",
    "Review": "审阅",
    "Set rating: %1": "设置评分：%1",
    "%n record(s)": "%n 条记录",
    "%1 of %n record(s) match": "%n 条记录中有 %1 条匹配",
    "%1\n\nThis changes all %n record(s) matching the current filter, not only the visible ones. Edit ▸ Undo reverts it.":
        "%1\n\n此操作会修改所有符合当前筛选条件的 %n 条记录，而不仅是可见的记录。可用“编辑 ▸ 撤销”还原。",
    "Bulk action": "批量操作",
    "No records match the filter.": "没有符合筛选条件的记录。",
    "%1 (%n record(s))": "%1（%n 条记录）",
    "%1…": "%1…",
    "%1: %n record(s) changed": "%1：已修改 %n 条记录",
    "Set split: %1": "设置划分：%1",
    "Add tag: %1": "添加标签：%1",
    "Remove tag: %1": "移除标签：%1",
    "Delete records": "删除记录",
    # enums
    "Unreviewed": "未审阅",
    "Accepted": "已接受",
    "Rejected": "已拒绝",
    "Needs fix": "待修改",
    "Train": "训练集",
    "Validation": "验证集",
    "Test": "测试集",
    "Instruction": "指令",
    "Input": "输入",
    "Output": "输出",
    "Category": "类别",
    "First user message": "首条用户消息",
    "Turns": "轮数",
    "Prompt": "提示",
    "Chosen": "选中回答",
    "Text": "文本",
    "Status": "状态",
    "Rating": "评分",
    "Split": "划分",
    "Tags": "标签",
    "Source": "来源",
    "Instruction (SFT)": "指令（SFT）",
    "Chat": "对话",
    "Preference": "偏好",
    "Plain text": "纯文本",
    "Automatic": "自动",
    "Alpaca (instruction/input/output)": "Alpaca（instruction/input/output）",
    "Dolly (instruction/context/response)": "Dolly（instruction/context/response）",
    "ShareGPT (conversations)": "ShareGPT（conversations）",
    "OpenAI messages": "OpenAI messages 格式",
    "Preference (prompt/chosen/rejected)": "偏好（prompt/chosen/rejected）",
    "CSV": "CSV",
    "Empty output": "输出为空",
    "Output repeats instruction": "输出重复指令",
    "Too long (characters)": "过长（字符）",
    "Too long (tokens)": "过长（词元）",
    "Repeated n-grams": "重复的 n 元组",
    "Language mismatch": "语言不一致",
    "Personal data": "个人信息",
    # duplicates view
    "&Mode:": "模式：",
    "Exact (same normalised text)": "完全重复（规范化后文本相同）",
    "Near duplicates (MinHash)": "近似重复（MinHash）",
    "Similarity threshold:": "相似度阈值：",
    "&Find Duplicates": "查找重复",
    "Cancel": "取消",
    "Group / record": "分组 / 记录",
    "&Keep This One, Drop the Rest": "保留此条，删除其余",
    "&Drop All Duplicates": "删除所有重复",
    'Press "Find Duplicates" to search the dataset.': "点击“查找重复”搜索数据集。",
    "Search failed: %1": "搜索失败：%1",
    "Searching...": "正在搜索...",
    "Group %1: %n record(s)": "第 %1 组：%n 条记录",
    "exact duplicates": "完全重复",
    "similarity %1": "相似度 %1",
    "Record %1": "记录 %1",
    "No duplicates found.": "未发现重复。",
    "%1 group(s); %2 record(s) would be dropped.": "共 %1 组；将删除 %2 条记录。",
    "Dropping failed: %1": "删除失败：%1",
    "Dropped %n record(s). Use Undo to restore them.": "已删除 %n 条记录。可用“撤销”恢复。",
    "Dropping duplicates...": "正在删除重复...",
    # export dialog
    "Export Records": "导出记录",
    "&Dataset:": "数据集：",
    "&Format:": "格式：",
    "&Layout:": "布局：",
    "&Status:": "状态：",
    "S&plit:": "划分：",
    "&Tag:": "标签：",
    "&Category:": "类别：",
    "Search te&xt:": "搜索文本：",
    "&Output file:": "输出文件：",
    "Natural format of the dataset kind": "数据集类型的默认格式",
    "JSON Lines (one record per line)": "JSON Lines（每行一条记录）",
    "JSON array": "JSON 数组",
    "Include review metadata (status, rating, split, tags, source)": "包含审阅元数据（状态、评分、划分、标签、来源）",
    "Any status": "任意状态",
    "Any split": "任意划分",
    "Only the %n selected record(s)": "仅选中的 %n 条记录",
    "Choose where to write the file": "选择文件的保存位置",
    "&Browse...": "浏览...",
    "&Export": "导出",
    "Close": "关闭",
    "Export To": "导出到",
    "Dataset files (*.jsonl *.json *.csv *.txt);;All files (*)": "数据集文件 (*.jsonl *.json *.csv *.txt);;所有文件 (*)",
    "%n record(s) match the filter.": "%n 条记录符合筛选条件。",
    "Export failed: %1": "导出失败：%1",
    "Wrote %1 record(s) to %2.": "已将 %1 条记录写入 %2。",
    "Exporting...": "正在导出...",
    # filter bar
    "Search text (Enter to apply)": "搜索文本（按 Enter 应用）",
    "Status:": "状态：",
    "Split:": "划分：",
    "Tag:": "标签：",
    "Category:": "类别：",
    "All": "全部",
    "text: %1": "文本：%1",
    # import dialog
    "Import Dataset Files": "导入数据集文件",
    "Files:": "文件：",
    "Use detected format": "使用检测到的格式",
    "CSV column mapping": "CSV 列映射",
    "Record field": "记录字段",
    "CSV column": "CSV 列",
    "Preview (first 20 records)": "预览（前 20 条记录）",
    "Import into": "导入到",
    "&New dataset:": "新数据集：",
    "&Existing dataset:": "已有数据集：",
    "File": "文件",
    "Line": "行",
    "Column": "列",
    "Reason": "原因",
    "Open &Quarantine...": "打开隔离区...",
    "&Import": "导入",
    "No files to import.": "没有要导入的文件。",
    "Could not detect the format: %1": "无法检测格式：%1",
    "Detected format: %1 (%2 records). Reason: %3": "检测到的格式：%1（%2 记录）。原因：%3",
    "(not mapped)": "（未映射）",
    "Preview failed: %1": "预览失败：%1",
    "%n record(s) shown.": "显示 %n 条记录。",
    "%n error(s) among the first records; first at line %1, column %2: %3":
        "前几条记录中有 %n 个错误；第一个位于第 %1 行第 %2 列：%3",
    "Importing...": "正在导入...",
    "Import failed, nothing was changed: %1": "导入失败，未做任何更改：%1",
    'Imported %1 record(s) into "%2".': "已将 %1 条记录导入“%2”。",
    "%1 record(s) were rejected and kept in the quarantine.": "%1 条记录被拒绝，已保存在隔离区。",
    # main window
    "LLM Workbench projects (*.llmwb);;All files (*)": "LLM Workbench 项目 (*.llmwb);;所有文件 (*)",
    "LLM Workbench": "LLM Workbench",
    "%1 — LLM Workbench": "%1 — LLM Workbench",
    "Create a project (File ▸ New Project) or open one (File ▸ Open Project).\nThen drop JSONL, JSON, CSV or text files here to import them.":
        "请新建项目（文件 ▸ 新建项目）或打开项目（文件 ▸ 打开项目）。\n然后将 JSONL、JSON、CSV 或文本文件拖放到此处即可导入。",
    "&File": "文件",
    "Recent Projects": "最近的项目",
    "&Edit": "编辑",
    "&Dataset": "数据集",
    "&Review": "审阅",
    "&Help": "帮助",
    "Main toolbar": "主工具栏",
    "&New Project…": "新建项目…",
    "&Open Project…": "打开项目…",
    "&Import…": "导入…",
    "&Export…": "导出…",
    "&Quit": "退出",
    "&Preferences…": "首选项…",
    "&New Dataset…": "新建数据集…",
    "&Rename…": "重命名…",
    "&Delete…": "删除…",
    "&Quarantine…": "隔离区…",
    "&Split…": "划分…",
    "&Merge…": "合并…",
    "&Accept": "接受",
    "Accept": "接受",
    "Reject": "拒绝",
    "&Reject": "拒绝",
    "&Needs fix": "待修改",
    "Ne&xt record": "下一条记录",
    "&Previous record": "上一条记录",
    "&About LLM Workbench": "关于 LLM Workbench",
    "&Undo %1": "撤销 %1",
    "&Undo": "撤销",
    "&Redo %1": "重做 %1",
    "&Redo": "重做",
    "Cannot create project": "无法创建项目",
    "Datasets": "数据集",
    "%1 (%2)": "%1（%2）",
    "%1 dataset, %n record(s)": "%1 数据集，%n 条记录",
    "Duplicates": "重复项",
    "Quality": "质量",
    "Statistics": "统计",
    "%1 records": "%1 条记录",
    "%1 of %2 records": "%2 条记录中的 %1 条",
    "Filter: %1": "筛选：%1",
    "(none)": "（无）",
    "Clear list": "清除列表",
    "Undone: %1": "已撤销：%1",
    "Undo failed": "撤销失败",
    "Redone: %1": "已重做：%1",
    "Redo failed": "重做失败",
    "New Project": "新建项目",
    "Open Project": "打开项目",
    "Import files": "导入文件",
    "Datasets (*.jsonl *.json *.csv *.tsv *.txt);;All files (*)": "数据集 (*.jsonl *.json *.csv *.tsv *.txt);;所有文件 (*)",
    "Import": "导入",
    "Open or create a project before importing files.": "导入文件前请先打开或新建项目。",
    "Imported %1 records, %2 rejected": "已导入 %1 条记录，拒绝 %2 条",
    "Exported %1 records to %2": "已将 %1 条记录导出到 %2",
    "New dataset": "新数据集",
    "Rename dataset": "重命名数据集",
    "New name:": "新名称：",
    "Delete dataset": "删除数据集",
    'Delete the dataset "%1" with its %n record(s), history and quarantine?\nThis cannot be undone.':
        "删除数据集“%1”及其 %n 条记录、历史和隔离区？\n此操作无法撤销。",
    "About LLM Workbench": "关于 LLM Workbench",
    "<b>LLM Workbench %1</b><p>Curate datasets for domain LLMs: import, review, deduplicate, check quality, split and export.</p>":
        "<b>LLM Workbench %1</b><p>为领域大模型整理数据集：导入、审阅、去重、质量检查、划分和导出。</p>",
    # merge / new dataset / preferences / split dialogs
    "Merge Datasets": "合并数据集",
    "Datasets to merge (same kind):": "要合并的数据集（类型相同）：",
    "%1 (%2, %n record(s))": "%1（%2，%n 条记录）",
    "New dataset name:": "新数据集名称：",
    "Drop exact duplicates": "删除完全重复的记录",
    "The chosen datasets have different kinds.": "所选数据集的类型不同。",
    "Merging…": "正在合并…",
    "Failed: %1": "失败：%1",
    "New Dataset": "新建数据集",
    "Name:": "名称：",
    "Kind:": "类型：",
    "Preferences": "首选项",
    "System": "跟随系统",
    "Language:": "语言：",
    # quality view
    "Record": "记录",
    "Issue": "问题",
    "Field": "字段",
    "Detail": "详情",
    "Maximum &characters per field:": "每个字段的最大字符数：",
    "Maximum tokens:": "最大词元数：",
    "Maximum &repeated n-gram ratio:": "重复 n 元组的最大比例：",
    "Check (GPT-2 tokenizer)": "检查（GPT-2 分词器）",
    "&Run Checks": "运行检查",
    "Show &issues:": "显示问题：",
    "All kinds": "所有类型",
    "Mark All Listed as &Needs Fix": "将列出的全部标记为待修改",
    'Press "Run Checks" to check the dataset.': "点击“运行检查”检查数据集。",
    "Checks failed: %1": "检查失败：%1",
    "%1 issue(s) in %2 record(s).": "%2 条记录中共有 %1 个问题。",
    "Checking...": "正在检查...",
    "Mark %n record(s) as needs fix": "将 %n 条记录标记为待修改",
    "Marking failed: %1": "标记失败：%1",
    "Marked %n record(s) as needs fix.": "已将 %n 条记录标记为待修改。",
    # quarantine
    "Quarantine": "隔离区",
    "Raw text (fix it, then re-import):": "原始文本（修正后重新导入）：",
    "Parse as:": "解析为：",
    "&Re-import": "重新导入",
    "&Discard": "丢弃",
    "%n record(s) failed to import and are kept here.": "%n 条记录导入失败，保存在此处。",
    "Line %1, column %2: %3": "第 %1 行，第 %2 列：%3",
    "Re-import failed: %1": "重新导入失败：%1",
    "The record was added to the dataset.": "该记录已添加到数据集。",
    "Still not valid: %1": "仍然无效：%1",
    "The entry was discarded.": "该条目已丢弃。",
    # record editor
    "comma separated": "以逗号分隔",
    "Save": "保存",
    "Revert changes": "撤销更改",
    "Record #%1": "记录 #%1",
    "No record selected": "未选择记录",
    "System prompt": "系统提示",
    "Turn %1": "第 %1 轮",
    "%1 chars · %2 tokens": "%1 字符 · %2 词元",
    "Save failed": "保存失败",
    # split dialog
    "Assign Splits": "分配划分",
    "Stratify by category": "按类别分层",
    "Applies to every record matching the current filter. Undoable.": "应用于所有符合当前筛选条件的记录，可撤销。",
    "Train:": "训练集：",
    "Validation:": "验证集：",
    "Test:": "测试集：",
    "Seed:": "随机种子：",
    "Assigning splits…": "正在分配划分…",
    "Train %1, validation %2, test %3.": "训练集 %1，验证集 %2，测试集 %3。",
    "Rate %n star(s); click again to clear": "评为 %n 星；再次点击清除",
    # stats view
    "&Refresh": "刷新",
    "By status": "按状态",
    "By category": "按类别",
    "By split": "按划分",
    "By language": "按语言",
    "Records": "记录数",
    "Language": "语言",
    "Length histogram of &field:": "字段长度直方图：",
    "Characters": "字符数",
    "No dataset selected.": "未选择数据集。",
    "Could not compute statistics: %1": "无法计算统计信息：%1",
    "Computing statistics...": "正在计算统计信息...",
    "%n record(s).": "%n 条记录。",
    "Mean length: %1 characters": "平均长度：%1 个字符",
    # chat panel (ui/chat)
    'Model folder': '模型文件夹',
    'No model loaded.': '未加载模型。',
    '%1 (recent)': '%1（最近）',
    'Models cannot be loaded in this build.': '此版本无法加载模型。',
    'Loading %1…': '正在加载 %1…',
    '%1: %2 parameters, %3, context %4 tokens, template %5': '%1：%2 个参数，%3，上下文 %4 个词元，模板 %5',
    'You': '你',
    'System message': '系统消息',
    'Assistant': '助手',
    'Writing…': '正在生成…',
    'Load a model first.': '请先加载模型。',
    'This column is busy.': '此栏正忙。',
    'Writing a reply…': '正在生成回复…',
    'Add model folder…': '添加模型文件夹…',
    'A Hugging Face model folder: config.json, model.safetensors and a tokenizer': 'Hugging Face 模型文件夹：config.json、model.safetensors 和分词器',
    'Weight type: f32, or bf16 (half the memory, faster decoding)': '权重类型：f32，或 bf16（内存减半，解码更快）',
    'Load': '加载',
    'Unload': '卸载',
    'Template:': '模板：',
    "How the conversation is written for the model; preselected from the model's tokenizer_config.json": '对话写给模型的格式；根据模型的 tokenizer_config.json 预先选定',
    'Delete conversation': '删除对话',
    'Delete the conversation "%1" with all its messages?': '删除对话“%1”及其全部消息？',
    'New chat': '新对话',
    'The prompt cannot be rendered: %1': '无法生成提示：%1',
    'Prompt Preview': '提示预览',
    'The exact text the model reads, with the text being typed as the next turn.': '模型实际读取的完整文本，正在输入的内容作为下一轮。',
    'No model': '无模型',
    'Load a model in both columns first.': '请先在两栏中都加载模型。',
    'Wait for the current reply, or stop it.': '请等待当前回复完成，或停止它。',
    'Name the new dataset.': '请为新数据集命名。',
    'Saved from chat conversations': '从对话中保存',
    'Saved to dataset "%1".': '已保存到数据集“%1”。',
    'Save chat exchange to %1': '将对话问答保存到 %1',
    'Save preference pair to %1': '将偏好对保存到 %1',
    'Alternative %1/%2': '备选 %1/%2',
    'Other column': '另一栏',
    'No examples': '不使用示例',
    'New': '新建',
    'Start a new conversation': '开始新对话',
    'Rename': '重命名',
    'Delete': '删除',
    'System prompt:': '系统提示：',
    'Optional instructions for the model, kept with the conversation': '给模型的可选指示，随对话保存',
    'Few-shot examples:': '少样本示例：',
    'Show the model the first records of an SFT dataset as earlier turns': '将某个 SFT 数据集的前几条记录作为之前的对话轮次提供给模型',
    'How many examples': '示例数量',
    'Step by step': '逐步推理',
    'Ask the model to reason step by step before it answers': '要求模型先逐步推理再回答',
    'Side by side': '并排对比',
    'A second model answers the same prompt at the same time': '第二个模型同时回答同一提示',
    'Preview prompt…': '预览提示…',
    'Type a message; Ctrl+Enter sends it': '输入消息；Ctrl+Enter 发送',
    'Send': '发送',
    'Stop': '停止',
    'No model is loaded.': '未加载模型。',
    'Previous alternative': '上一个备选',
    'Next alternative': '下一个备选',
    'Copy': '复制',
    'Copy the message as Markdown': '以 Markdown 格式复制消息',
    'Edit': '编辑',
    'Edit this message and send it again as a new branch': '编辑此消息并作为新分支重新发送',
    'Regenerate': '重新生成',
    'Write another reply; the alternatives stay and can be paged through': '再生成一个回复；之前的备选会保留，可翻页查看',
    'Save to dataset…': '保存到数据集…',
    'Save this exchange, or it and an alternative as a preference pair': '保存此问答，或将它与一个备选回复保存为偏好对',
    'end of text': '文本结束',
    'stop string': '停止字符串',
    'token limit': '达到词元上限',
    'context full': '上下文已满',
    'stopped': '已停止',
    'error': '错误',
    '%1 tokens/s · first token %2 s · %3 tokens · %4': '%1 词元/秒 · 首词元 %2 秒 · %3 个词元 · %4',
    'Precise': '精确',
    'Balanced': '均衡',
    'Creative': '创意',
    'Custom': '自定义',
    'Sampling:': '采样：',
    'Temperature:': '温度：',
    'Top-p:': 'Top-p：',
    'Top-k:': 'Top-k：',
    'Max tokens:': '最大词元数：',
    '0 picks the most likely token every time': '0 表示每次都选概率最高的词元',
    '0 turns top-k off': '0 表示关闭 top-k',
    'Save to Dataset': '保存到数据集',
    'This exchange as an SFT record (instruction, output, system prompt)': '将此问答保存为 SFT 记录（指令、输出、系统提示）',
    'A preference pair with an alternative reply (prompt, chosen, rejected)': '与一个备选回复组成偏好对（提示、选中、拒绝）',
    'Alternative:': '备选回复：',
    'This reply is the worse one (rejected)': '此回复较差（作为拒绝回答）',
    'Dataset:': '数据集：',
    'Name of the new dataset': '新数据集的名称',
    'New dataset:': '新数据集：',
    'New dataset…': '新建数据集…',
    'A dataset named "%1" already exists.': '已存在名为“%1”的数据集。',
    'Saved as one edit: Undo removes it again.': '作为一次编辑保存：“撤销”可将其移除。',
}

ACCEL = re.compile(r"&([^&\s])")
TRAIL = re.compile(r"(：|:|…|\.\.\.)$")


def with_accelerator(source: str, text: str) -> str:
    m = ACCEL.search(source.replace("&&", ""))
    if not m or "&" in text:
        return text
    tag = "(&" + m.group(1).upper() + ")"
    t = TRAIL.search(text)
    return text[: t.start()] + tag + t.group(1) if t else text + tag


def load_panel_glossaries() -> None:
    """Panels added later keep their strings in zh_CN/*.tsv: context, source, translation.

    Sources and translations are written with \\n for a newline and \\t for a tab.
    """
    for tsv in sorted(TS.parent.glob("zh_CN/*.tsv")):
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{tsv}:{n}: expected context<TAB>source<TAB>translation, got {len(parts)} field(s)")
            ctx, source, text = (p.replace("\\n", "\n").replace("\\t", "\t") for p in parts)
            BY_CONTEXT[(ctx, source)] = text


def main() -> int:
    load_panel_glossaries()
    tree = ET.parse(TS)
    missing = []
    for ctx in tree.getroot().iter("context"):
        cname = ctx.findtext("name")
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            text = BY_CONTEXT.get((cname, source), G.get(source))
            tr = msg.find("translation")
            if text is None:
                missing.append((cname, source))
                continue
            text = with_accelerator(source, text)
            for child in list(tr):
                tr.remove(child)
            tr.attrib.pop("type", None)
            if msg.get("numerus") == "yes":
                tr.text = None
                ET.SubElement(tr, "numerusform").text = text
            else:
                tr.text = text
    ET.indent(tree, space="    ")
    with open(TS, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    for c, s in missing:
        print(f"missing: {c}: {s!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
