<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>main</name>
        <message>
            <location filename="../app/gui_main.cpp" line="44" />
            <source>Curate datasets for domain LLMs.</source>
            <translation>为领域大模型整理数据集。</translation>
        </message>
        <message>
            <location filename="../app/gui_main.cpp" line="48" />
            <source>Save a picture of the window to FILE and quit.</source>
            <translation>将窗口截图保存到 FILE 后退出。</translation>
        </message>
        <message>
            <location filename="../app/gui_main.cpp" line="51" />
            <source>Project file to open.</source>
            <translation>要打开的项目文件。</translation>
        </message>
    </context>
    <context>
        <name>wb::BackgroundTask</name>
        <message>
            <location filename="../ui/common/background_task.cpp" line="47" />
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <location filename="../ui/common/background_task.cpp" line="51" />
            <source>Unknown error</source>
            <translation>未知错误</translation>
        </message>
    </context>
    <context>
        <name>wb::ChatColumn</name>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="45" />
            <source>Plain text</source>
            <translation>纯文本</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="140" />
            <source>Model folder</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="172" />
            <location filename="../ui/chat/chat_column.cpp" line="713" />
            <source>No model loaded.</source>
            <translation>未加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="213" />
            <source>%1 (recent)</source>
            <translation>%1（最近）</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="260" />
            <location filename="../ui/chat/chat_column.cpp" line="711" />
            <source>Models cannot be loaded in this build.</source>
            <translation>此版本无法加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="266" />
            <source>Loading %1…</source>
            <translation>正在加载 %1…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="310" />
            <source>%1: %2 parameters, %3, context %4 tokens, template %5</source>
            <translation>%1：%2 个参数，%3，上下文 %4 个词元，模板 %5</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="466" />
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="467" />
            <source>System message</source>
            <translation>系统消息</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="468" />
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="498" />
            <source>Writing…</source>
            <translation>正在生成…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="553" />
            <source>Load a model first.</source>
            <translation>请先加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="557" />
            <source>This column is busy.</source>
            <translation>此栏正忙。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="579" />
            <source>Writing a reply…</source>
            <translation>正在生成回复…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="699" />
            <source>Add model folder…</source>
            <translation>添加模型文件夹…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="700" />
            <source>A Hugging Face model folder: config.json, model.safetensors and a tokenizer</source>
            <translation>Hugging Face 模型文件夹：config.json、model.safetensors 和分词器</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="701" />
            <source>Weight type: f32, or bf16 (half the memory, faster decoding)</source>
            <translation>权重类型：f32，或 bf16（内存减半，解码更快）</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="702" />
            <source>Load</source>
            <translation>加载</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="703" />
            <source>Unload</source>
            <translation>卸载</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="704" />
            <source>Template:</source>
            <translation>模板：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="705" />
            <source>How the conversation is written for the model; preselected from the model's tokenizer_config.json</source>
            <translation>对话写给模型的格式；根据模型的 tokenizer_config.json 预先选定</translation>
        </message>
    </context>
    <context>
        <name>wb::ChatPanel</name>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="199" />
            <source>Delete conversation</source>
            <translation>删除对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="200" />
            <source>Delete the conversation "%1" with all its messages?</source>
            <translation>删除对话“%1”及其全部消息？</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="248" />
            <source>New chat</source>
            <translation>新对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="414" />
            <source>The prompt cannot be rendered: %1</source>
            <translation>无法生成提示：%1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="423" />
            <source>Prompt Preview</source>
            <translation>提示预览</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="425" />
            <source>The exact text the model reads, with the text being typed as the next turn.</source>
            <translation>模型实际读取的完整文本，正在输入的内容作为下一轮。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="435" />
            <source>No model</source>
            <translation>无模型</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="454" />
            <source>Load a model in both columns first.</source>
            <translation>请先在两栏中都加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="455" />
            <source>Load a model first.</source>
            <translation>请先加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="460" />
            <source>Wait for the current reply, or stop it.</source>
            <translation>请等待当前回复完成，或停止它。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="555" />
            <source>Name the new dataset.</source>
            <translation>请为新数据集命名。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="557" />
            <source>Saved from chat conversations</source>
            <translation>从对话中保存</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="567" />
            <source>Saved to dataset "%1".</source>
            <translation>已保存到数据集“%1”。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="587" />
            <source>Save chat exchange to %1</source>
            <translation>将对话问答保存到 %1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="599" />
            <source>Save preference pair to %1</source>
            <translation>将偏好对保存到 %1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="621" />
            <source>Alternative %1/%2</source>
            <translation>备选 %1/%2</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="629" />
            <source>Other column</source>
            <translation>另一栏</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="667" />
            <location filename="../ui/chat/chat_panel.cpp" line="723" />
            <source>No examples</source>
            <translation>不使用示例</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="714" />
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="715" />
            <source>Start a new conversation</source>
            <translation>开始新对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="716" />
            <source>Rename</source>
            <translation>重命名</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="717" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="718" />
            <source>System prompt:</source>
            <translation>系统提示：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="719" />
            <source>Optional instructions for the model, kept with the conversation</source>
            <translation>给模型的可选指示，随对话保存</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="720" />
            <source>Few-shot examples:</source>
            <translation>少样本示例：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="721" />
            <source>Show the model the first records of an SFT dataset as earlier turns</source>
            <translation>将某个 SFT 数据集的前几条记录作为之前的对话轮次提供给模型</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="724" />
            <source>How many examples</source>
            <translation>示例数量</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="725" />
            <source>Step by step</source>
            <translation>逐步推理</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="726" />
            <source>Ask the model to reason step by step before it answers</source>
            <translation>要求模型先逐步推理再回答</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="727" />
            <source>Side by side</source>
            <translation>并排对比</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="728" />
            <source>A second model answers the same prompt at the same time</source>
            <translation>第二个模型同时回答同一提示</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="729" />
            <source>Preview prompt…</source>
            <translation>预览提示…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="730" />
            <source>Type a message; Ctrl+Enter sends it</source>
            <translation>输入消息；Ctrl+Enter 发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="731" />
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="732" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
    </context>
    <context>
        <name>wb::ChatWorker</name>
        <message>
            <location filename="../ui/chat/chat_worker.cpp" line="56" />
            <source>Models cannot be loaded in this build.</source>
            <translation>此版本无法加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_worker.cpp" line="104" />
            <source>No model is loaded.</source>
            <translation>未加载模型。</translation>
        </message>
    </context>
    <context>
        <name>wb::DatasetPanel</name>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="90" />
            <source>Bulk actions</source>
            <translation>批量操作</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="91" />
            <source>Apply to every record matching the filter</source>
            <translation>应用于所有符合筛选条件的记录</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="107" />
            <source>Set status</source>
            <translation>设置状态</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="111" />
            <source>Set split</source>
            <translation>设置划分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="114" />
            <source>Set rating</source>
            <translation>设置评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="115" />
            <source>Unrated</source>
            <translation>未评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="118" />
            <source>Add tag…</source>
            <translation>添加标签…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="120" />
            <source>Add tag</source>
            <translation>添加标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="120" />
            <source>Tag to add:</source>
            <translation>要添加的标签：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="124" />
            <source>Remove tag…</source>
            <translation>移除标签…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="129" />
            <source>Remove tag</source>
            <translation>移除标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="129" />
            <source>Tag to remove:</source>
            <translation>要移除的标签：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="134" />
            <source>Delete matching records…</source>
            <translation>删除匹配的记录…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="283" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="442" />
            <source>Set status: %1</source>
            <translation>设置状态：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="285" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="315" />
            <source>Review</source>
            <translation>审阅</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="313" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="456" />
            <source>Set rating: %1</source>
            <translation>设置评分：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="370" />
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n 条记录</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="371" />
            <source>%1 of %n record(s) match</source>
            <translation>
                <numerusform>%n 条记录中有 %1 条匹配</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="386" />
            <source>%1

This changes all %n record(s) matching the current filter, not only the visible ones. Edit ▸ Undo reverts it.</source>
            <translation>
                <numerusform>%1

此操作会修改所有符合当前筛选条件的 %n 条记录，而不仅是可见的记录。可用“编辑 ▸ 撤销”还原。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="388" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="402" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="432" />
            <source>Bulk action</source>
            <translation>批量操作</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="406" />
            <source>No records match the filter.</source>
            <translation>没有符合筛选条件的记录。</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="411" />
            <source>%1 (%n record(s))</source>
            <translation>
                <numerusform>%1（%n 条记录）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="424" />
            <source>%1…</source>
            <translation>%1…</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="430" />
            <source>%1: %n record(s) changed</source>
            <translation>
                <numerusform>%1：已修改 %n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="449" />
            <source>Set split: %1</source>
            <translation>设置划分：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="463" />
            <source>Add tag: %1</source>
            <translation>添加标签：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="470" />
            <source>Remove tag: %1</source>
            <translation>移除标签：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="475" />
            <source>Delete records</source>
            <translation>删除记录</translation>
        </message>
    </context>
    <context>
        <name>wb::DatasetTableModel</name>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="186" />
            <source>Unreviewed</source>
            <translation>未审阅</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="187" />
            <source>Accepted</source>
            <translation>已接受</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="188" />
            <location filename="../ui/dataset/dataset_table_model.cpp" line="215" />
            <source>Rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="189" />
            <source>Needs fix</source>
            <translation>待修改</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="197" />
            <source>Train</source>
            <translation>训练集</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="198" />
            <source>Validation</source>
            <translation>验证集</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="199" />
            <source>Test</source>
            <translation>测试集</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="207" />
            <source>Instruction</source>
            <translation>指令</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="208" />
            <source>Input</source>
            <translation>输入</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="209" />
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="210" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="211" />
            <source>First user message</source>
            <translation>首条用户消息</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="212" />
            <source>Turns</source>
            <translation>轮数</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="213" />
            <source>Prompt</source>
            <translation>提示</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="214" />
            <source>Chosen</source>
            <translation>选中回答</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="216" />
            <source>Text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="217" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="218" />
            <source>Rating</source>
            <translation>评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="219" />
            <source>Split</source>
            <translation>划分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="220" />
            <source>Tags</source>
            <translation>标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="221" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_table_model.cpp" line="300" />
            <source>Sorting by text is limited to %L1 records: filter the dataset first.</source>
            <translation>按文本排序仅限 %L1 条记录以内：请先筛选数据集。</translation>
        </message>
    </context>
    <context>
        <name>wb::DisplayNames</name>
        <message>
            <location filename="../ui/common/display_names.cpp" line="15" />
            <source>Instruction (SFT)</source>
            <translation>指令（SFT）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="16" />
            <source>Chat</source>
            <translation>对话</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="17" />
            <source>Preference</source>
            <translation>偏好</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="18" />
            <location filename="../ui/common/display_names.cpp" line="54" />
            <source>Plain text</source>
            <translation>纯文本</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="26" />
            <source>Unreviewed</source>
            <translation>未审阅</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="27" />
            <source>Accepted</source>
            <translation>已接受</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="28" />
            <source>Rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="29" />
            <source>Needs fix</source>
            <translation>待修改</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="37" />
            <source>Train</source>
            <translation>训练集</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="38" />
            <source>Validation</source>
            <translation>验证集</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="39" />
            <source>Test</source>
            <translation>测试集</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="48" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="49" />
            <source>Alpaca (instruction/input/output)</source>
            <translation>Alpaca（instruction/input/output）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="50" />
            <source>Dolly (instruction/context/response)</source>
            <translation>Dolly（instruction/context/response）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="51" />
            <source>ShareGPT (conversations)</source>
            <translation>ShareGPT（conversations）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="52" />
            <source>OpenAI messages</source>
            <translation>OpenAI messages 格式</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="53" />
            <source>Preference (prompt/chosen/rejected)</source>
            <translation>偏好（prompt/chosen/rejected）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="55" />
            <source>CSV</source>
            <translation>CSV</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="64" />
            <source>Empty output</source>
            <translation>输出为空</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="65" />
            <source>Output repeats instruction</source>
            <translation>输出重复指令</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="66" />
            <source>Too long (characters)</source>
            <translation>过长（字符）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="67" />
            <source>Too long (tokens)</source>
            <translation>过长（词元）</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="68" />
            <source>Repeated n-grams</source>
            <translation>重复的 n 元组</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="69" />
            <source>Language mismatch</source>
            <translation>语言不一致</translation>
        </message>
        <message>
            <location filename="../ui/common/display_names.cpp" line="70" />
            <source>Personal data</source>
            <translation>个人信息</translation>
        </message>
    </context>
    <context>
        <name>wb::DuplicatesView</name>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="110" />
            <source>&amp;Mode:</source>
            <translation>模式(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="111" />
            <source>Exact (same normalised text)</source>
            <translation>完全重复（规范化后文本相同）</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="112" />
            <source>Near duplicates (MinHash)</source>
            <translation>近似重复（MinHash）</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="113" />
            <source>Similarity threshold:</source>
            <translation>相似度阈值：</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="114" />
            <source>&amp;Find Duplicates</source>
            <translation>查找重复(&amp;F)</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="115" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="116" />
            <source>Group / record</source>
            <translation>分组 / 记录</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="116" />
            <source>Text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="117" />
            <source>&amp;Keep This One, Drop the Rest</source>
            <translation>保留此条，删除其余(&amp;K)</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="118" />
            <source>&amp;Drop All Duplicates</source>
            <translation>删除所有重复(&amp;D)</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="121" />
            <location filename="../ui/curation/duplicates_view.cpp" line="146" />
            <source>Press "Find Duplicates" to search the dataset.</source>
            <translation>点击“查找重复”搜索数据集。</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="215" />
            <source>Search failed: %1</source>
            <translation>搜索失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="224" />
            <source>Searching...</source>
            <translation>正在搜索...</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/curation/duplicates_view.cpp" line="245" />
            <source>Group %1: %n record(s)</source>
            <translation>
                <numerusform>第 %1 组：%n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="246" />
            <source>exact duplicates</source>
            <translation>完全重复</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="247" />
            <source>similarity %1</source>
            <translation>相似度 %1</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="251" />
            <source>Record %1</source>
            <translation>记录 %1</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="262" />
            <source>No duplicates found.</source>
            <translation>未发现重复。</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="263" />
            <source>%1 group(s); %2 record(s) would be dropped.</source>
            <translation>共 %1 组；将删除 %2 条记录。</translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="303" />
            <source>Dropping failed: %1</source>
            <translation>删除失败：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/curation/duplicates_view.cpp" line="322" />
            <source>Dropped %n record(s). Use Undo to restore them.</source>
            <translation>
                <numerusform>已删除 %n 条记录。可用“撤销”恢复。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/curation/duplicates_view.cpp" line="326" />
            <source>Dropping duplicates...</source>
            <translation>正在删除重复...</translation>
        </message>
    </context>
    <context>
        <name>wb::ExportDialog</name>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="175" />
            <source>Export Records</source>
            <translation>导出记录</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="176" />
            <source>&amp;Dataset:</source>
            <translation>数据集(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="177" />
            <source>&amp;Format:</source>
            <translation>格式(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="178" />
            <source>&amp;Layout:</source>
            <translation>布局(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="179" />
            <source>&amp;Status:</source>
            <translation>状态(&amp;S)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="180" />
            <source>S&amp;plit:</source>
            <translation>划分(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="181" />
            <source>&amp;Tag:</source>
            <translation>标签(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="182" />
            <source>&amp;Category:</source>
            <translation>类别(&amp;C)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="183" />
            <source>Search te&amp;xt:</source>
            <translation>搜索文本(&amp;X)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="187" />
            <source>&amp;Output file:</source>
            <translation>输出文件(&amp;O)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="190" />
            <source>Natural format of the dataset kind</source>
            <translation>数据集类型的默认格式</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="192" />
            <source>JSON Lines (one record per line)</source>
            <translation>JSON Lines（每行一条记录）</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="193" />
            <source>JSON array</source>
            <translation>JSON 数组</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="194" />
            <source>Include review metadata (status, rating, split, tags, source)</source>
            <translation>包含审阅元数据（状态、评分、划分、标签、来源）</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="198" />
            <source>Any status</source>
            <translation>任意状态</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="203" />
            <source>Any split</source>
            <translation>任意划分</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/importer/export_dialog.cpp" line="216" />
            <source>Only the %n selected record(s)</source>
            <translation>
                <numerusform>仅选中的 %n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="217" />
            <source>Choose where to write the file</source>
            <translation>选择文件的保存位置</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="218" />
            <source>&amp;Browse...</source>
            <translation>浏览(&amp;B)...</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="219" />
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="220" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="221" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="286" />
            <source>Export To</source>
            <translation>导出到</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="287" />
            <source>Dataset files (*.jsonl *.json *.csv *.txt);;All files (*)</source>
            <translation>数据集文件 (*.jsonl *.json *.csv *.txt);;所有文件 (*)</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/importer/export_dialog.cpp" line="304" />
            <source>%n record(s) match the filter.</source>
            <translation>
                <numerusform>%n 条记录符合筛选条件。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="335" />
            <source>Export failed: %1</source>
            <translation>导出失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="339" />
            <source>Wrote %1 record(s) to %2.</source>
            <translation>已将 %1 条记录写入 %2。</translation>
        </message>
        <message>
            <location filename="../ui/importer/export_dialog.cpp" line="342" />
            <source>Exporting...</source>
            <translation>正在导出...</translation>
        </message>
    </context>
    <context>
        <name>wb::FilterBar</name>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="72" />
            <source>Search text (Enter to apply)</source>
            <translation>搜索文本（按 Enter 应用）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="73" />
            <source>Status:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="74" />
            <source>Split:</source>
            <translation>划分：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="75" />
            <source>Tag:</source>
            <translation>标签：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="76" />
            <source>Category:</source>
            <translation>类别：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="78" />
            <location filename="../ui/dataset/filter_bar.cpp" line="97" />
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <location filename="../ui/dataset/filter_bar.cpp" line="127" />
            <source>text: %1</source>
            <translation>文本：%1</translation>
        </message>
    </context>
    <context>
        <name>wb::ImportDialog</name>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="319" />
            <source>Import Dataset Files</source>
            <translation>导入数据集文件</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="320" />
            <source>Files:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="321" />
            <source>&amp;Format:</source>
            <translation>格式(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="328" />
            <source>Use detected format</source>
            <translation>使用检测到的格式</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="332" />
            <source>CSV column mapping</source>
            <translation>CSV 列映射</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="333" />
            <source>Record field</source>
            <translation>记录字段</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="333" />
            <source>CSV column</source>
            <translation>CSV 列</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="334" />
            <source>Preview (first 20 records)</source>
            <translation>预览（前 20 条记录）</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="335" />
            <source>Import into</source>
            <translation>导入到</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="336" />
            <source>&amp;New dataset:</source>
            <translation>新数据集(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="337" />
            <source>&amp;Existing dataset:</source>
            <translation>已有数据集(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="338" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="339" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="339" />
            <location filename="../ui/importer/import_dialog.cpp" line="512" />
            <source>Line</source>
            <translation>行</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="339" />
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="339" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="340" />
            <source>Open &amp;Quarantine...</source>
            <translation>打开隔离区(&amp;Q)...</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="341" />
            <source>&amp;Import</source>
            <translation>导入(&amp;I)</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="342" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="409" />
            <source>No files to import.</source>
            <translation>没有要导入的文件。</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="414" />
            <source>Could not detect the format: %1</source>
            <translation>无法检测格式：%1</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="417" />
            <source>Detected format: %1 (%2 records). Reason: %3</source>
            <translation>检测到的格式：%1（%2 记录）。原因：%3</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="456" />
            <source>(not mapped)</source>
            <translation>（未映射）</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="506" />
            <source>Preview failed: %1</source>
            <translation>预览失败：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/importer/import_dialog.cpp" line="524" />
            <source>%n record(s) shown.</source>
            <translation>
                <numerusform>显示 %n 条记录。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/importer/import_dialog.cpp" line="528" />
            <source>%n error(s) among the first records; first at line %1, column %2: %3</source>
            <translation>
                <numerusform>前几条记录中有 %n 个错误；第一个位于第 %1 行第 %2 列：%3</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="652" />
            <source>Importing...</source>
            <translation>正在导入...</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="672" />
            <source>Import failed, nothing was changed: %1</source>
            <translation>导入失败，未做任何更改：%1</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="688" />
            <source>Imported %1 record(s) into "%2".</source>
            <translation>已将 %1 条记录导入“%2”。</translation>
        </message>
        <message>
            <location filename="../ui/importer/import_dialog.cpp" line="690" />
            <source>%1 record(s) were rejected and kept in the quarantine.</source>
            <translation>%1 条记录被拒绝，已保存在隔离区。</translation>
        </message>
    </context>
    <context>
        <name>wb::MainWindow</name>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="49" />
            <source>LLM Workbench projects (*.llmwb);;All files (*)</source>
            <translation>LLM Workbench 项目 (*.llmwb);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="198" />
            <source>LLM Workbench</source>
            <translation>LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="199" />
            <source>%1 — LLM Workbench</source>
            <translation>%1 — LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="200" />
            <source>Create a project (File ▸ New Project) or open one (File ▸ Open Project).
Then drop JSONL, JSON, CSV or text files here to import them.</source>
            <translation>请新建项目（文件 ▸ 新建项目）或打开项目（文件 ▸ 打开项目）。
然后将 JSONL、JSON、CSV 或文本文件拖放到此处即可导入。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="202" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="203" />
            <source>Recent Projects</source>
            <translation>最近的项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="204" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="205" />
            <source>&amp;Dataset</source>
            <translation>数据集(&amp;D)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="206" />
            <source>&amp;Review</source>
            <translation>审阅(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="207" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="208" />
            <source>Main toolbar</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="209" />
            <source>&amp;New Project…</source>
            <translation>新建项目(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="210" />
            <source>&amp;Open Project…</source>
            <translation>打开项目(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="211" />
            <source>&amp;Import…</source>
            <translation>导入(&amp;I)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="212" />
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="213" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="214" />
            <source>&amp;Preferences…</source>
            <translation>首选项(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="215" />
            <source>&amp;New Dataset…</source>
            <translation>新建数据集(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="216" />
            <source>&amp;Rename…</source>
            <translation>重命名(&amp;R)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="217" />
            <source>&amp;Delete…</source>
            <translation>删除(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="218" />
            <source>&amp;Quarantine…</source>
            <translation>隔离区(&amp;Q)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="219" />
            <source>&amp;Split…</source>
            <translation>划分(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="220" />
            <source>&amp;Merge…</source>
            <translation>合并(&amp;M)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="223" />
            <source>&amp;Accept</source>
            <translation>接受(&amp;A)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="224" />
            <source>&amp;Reject</source>
            <translation>拒绝(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="225" />
            <source>&amp;Needs fix</source>
            <translation>待修改(&amp;N)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="226" />
            <source>Accept</source>
            <translation>接受</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="227" />
            <source>Reject</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="228" />
            <source>Needs fix</source>
            <translation>待修改</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="229" />
            <source>Ne&amp;xt record</source>
            <translation>下一条记录(&amp;X)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="230" />
            <source>&amp;Previous record</source>
            <translation>上一条记录(&amp;P)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="231" />
            <source>&amp;About LLM Workbench</source>
            <translation>关于 LLM Workbench(&amp;A)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="285" />
            <source>&amp;Undo %1</source>
            <translation>撤销 %1(&amp;U)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="285" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="286" />
            <source>&amp;Redo %1</source>
            <translation>重做 %1(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="286" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="299" />
            <source>Cannot open project</source>
            <translation>无法打开项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="327" />
            <source>Cannot create project</source>
            <translation>无法创建项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="433" />
            <source>Datasets</source>
            <translation>数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="438" />
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/mainwindow/main_window.cpp" line="441" />
            <source>%1 dataset, %n record(s)</source>
            <translation>
                <numerusform>%1 数据集，%n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="450" />
            <source>Duplicates</source>
            <translation>重复项</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="451" />
            <source>Quality</source>
            <translation>质量</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="452" />
            <source>Statistics</source>
            <translation>统计</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="453" />
            <source>Chat</source>
            <translation>对话</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="521" />
            <source>%1 records</source>
            <translation>%1 条记录</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="522" />
            <source>%1 of %2 records</source>
            <translation>%2 条记录中的 %1 条</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="524" />
            <source>Filter: %1</source>
            <translation>筛选：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="562" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="565" />
            <source>Clear list</source>
            <translation>清除列表</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="608" />
            <source>Undone: %1</source>
            <translation>已撤销：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="606" />
            <source>Undo failed</source>
            <translation>撤销失败</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="608" />
            <source>Redone: %1</source>
            <translation>已重做：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="606" />
            <source>Redo failed</source>
            <translation>重做失败</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="622" />
            <source>New Project</source>
            <translation>新建项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="632" />
            <source>Open Project</source>
            <translation>打开项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="642" />
            <source>Import files</source>
            <translation>导入文件</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="643" />
            <source>Datasets (*.jsonl *.json *.csv *.tsv *.txt);;All files (*)</source>
            <translation>数据集 (*.jsonl *.json *.csv *.tsv *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="651" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="651" />
            <source>Open or create a project before importing files.</source>
            <translation>导入文件前请先打开或新建项目。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="661" />
            <source>Imported %1 records, %2 rejected</source>
            <translation>已导入 %1 条记录，拒绝 %2 条</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="680" />
            <source>Exported %1 records to %2</source>
            <translation>已将 %1 条记录导出到 %2</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="711" />
            <source>New dataset</source>
            <translation>新数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="723" />
            <location filename="../ui/mainwindow/main_window.cpp" line="730" />
            <source>Rename dataset</source>
            <translation>重命名数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="723" />
            <source>New name:</source>
            <translation>新名称：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="743" />
            <location filename="../ui/mainwindow/main_window.cpp" line="752" />
            <source>Delete dataset</source>
            <translation>删除数据集</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/mainwindow/main_window.cpp" line="744" />
            <source>Delete the dataset "%1" with its %n record(s), history and quarantine?
This cannot be undone.</source>
            <translation>
                <numerusform>删除数据集“%1”及其 %n 条记录、历史和隔离区？
此操作无法撤销。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="800" />
            <source>About LLM Workbench</source>
            <translation>关于 LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="801" />
            <source>&lt;b&gt;LLM Workbench %1&lt;/b&gt;&lt;p&gt;Curate datasets for domain LLMs: import, review, deduplicate, check quality, split and export.&lt;/p&gt;</source>
            <translation>&lt;b&gt;LLM Workbench %1&lt;/b&gt;&lt;p&gt;为领域大模型整理数据集：导入、审阅、去重、质量检查、划分和导出。&lt;/p&gt;</translation>
        </message>
    </context>
    <context>
        <name>wb::MergeDialog</name>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="129" />
            <source>Merge Datasets</source>
            <translation>合并数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="131" />
            <source>Datasets to merge (same kind):</source>
            <translation>要合并的数据集（类型相同）：</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="136" />
            <source>%1 (%2, %n record(s))</source>
            <translation>
                <numerusform>%1（%2，%n 条记录）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="145" />
            <source>New dataset name:</source>
            <translation>新数据集名称：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="146" />
            <source>Drop exact duplicates</source>
            <translation>删除完全重复的记录</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="178" />
            <source>The chosen datasets have different kinds.</source>
            <translation>所选数据集的类型不同。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="201" />
            <source>Merging…</source>
            <translation>正在合并…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="207" />
            <source>Failed: %1</source>
            <translation>失败：%1</translation>
        </message>
    </context>
    <context>
        <name>wb::MessageWidget</name>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="204" />
            <source>Previous alternative</source>
            <translation>上一个备选</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="205" />
            <source>Next alternative</source>
            <translation>下一个备选</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="206" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="207" />
            <source>Copy the message as Markdown</source>
            <translation>以 Markdown 格式复制消息</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="208" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="209" />
            <source>Edit this message and send it again as a new branch</source>
            <translation>编辑此消息并作为新分支重新发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="210" />
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="211" />
            <source>Write another reply; the alternatives stay and can be paged through</source>
            <translation>再生成一个回复；之前的备选会保留，可翻页查看</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="212" />
            <source>Save to dataset…</source>
            <translation>保存到数据集…</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="213" />
            <source>Save this exchange, or it and an alternative as a preference pair</source>
            <translation>保存此问答，或将它与一个备选回复保存为偏好对</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="214" />
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="215" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>wb::NewDatasetDialog</name>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="27" />
            <source>New Dataset</source>
            <translation>新建数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="35" />
            <source>Name:</source>
            <translation>名称：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="36" />
            <source>Kind:</source>
            <translation>类型：</translation>
        </message>
    </context>
    <context>
        <name>wb::PreferencesDialog</name>
        <message>
            <location filename="../ui/mainwindow/preferences_dialog.cpp" line="14" />
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/preferences_dialog.cpp" line="18" />
            <source>System</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/preferences_dialog.cpp" line="23" />
            <source>Language:</source>
            <translation>语言：</translation>
        </message>
    </context>
    <context>
        <name>wb::QualityIssueModel</name>
        <message>
            <location filename="../ui/curation/quality_issue_model.cpp" line="49" />
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_issue_model.cpp" line="50" />
            <source>Issue</source>
            <translation>问题</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_issue_model.cpp" line="51" />
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_issue_model.cpp" line="52" />
            <source>Detail</source>
            <translation>详情</translation>
        </message>
    </context>
    <context>
        <name>wb::QualityView</name>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="138" />
            <source>Maximum &amp;characters per field:</source>
            <translation>每个字段的最大字符数(&amp;C)：</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="141" />
            <source>Maximum tokens:</source>
            <translation>最大词元数：</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="142" />
            <source>Maximum &amp;repeated n-gram ratio:</source>
            <translation>重复 n 元组的最大比例(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="143" />
            <source>Check (GPT-2 tokenizer)</source>
            <translation>检查（GPT-2 分词器）</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="144" />
            <source>&amp;Run Checks</source>
            <translation>运行检查(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="145" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="146" />
            <source>Show &amp;issues:</source>
            <translation>显示问题(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="147" />
            <source>All kinds</source>
            <translation>所有类型</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="150" />
            <source>Mark All Listed as &amp;Needs Fix</source>
            <translation>将列出的全部标记为待修改(&amp;N)</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="153" />
            <location filename="../ui/curation/quality_view.cpp" line="172" />
            <source>Press "Run Checks" to check the dataset.</source>
            <translation>点击“运行检查”检查数据集。</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="239" />
            <source>Checks failed: %1</source>
            <translation>检查失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="246" />
            <source>%1 issue(s) in %2 record(s).</source>
            <translation>%2 条记录中共有 %1 个问题。</translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="251" />
            <source>Checking...</source>
            <translation>正在检查...</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/curation/quality_view.cpp" line="272" />
            <source>Mark %n record(s) as needs fix</source>
            <translation>
                <numerusform>将 %n 条记录标记为待修改</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/curation/quality_view.cpp" line="282" />
            <source>Marking failed: %1</source>
            <translation>标记失败：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/curation/quality_view.cpp" line="284" />
            <source>Marked %n record(s) as needs fix.</source>
            <translation>
                <numerusform>已将 %n 条记录标记为待修改。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>wb::QuarantineDialog</name>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="108" />
            <source>Quarantine</source>
            <translation>隔离区</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="109" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="109" />
            <source>Line</source>
            <translation>行</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="109" />
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="109" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="110" />
            <source>Raw text (fix it, then re-import):</source>
            <translation>原始文本（修正后重新导入）：</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="111" />
            <source>Parse as:</source>
            <translation>解析为：</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="114" />
            <source>&amp;Re-import</source>
            <translation>重新导入(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="115" />
            <source>&amp;Discard</source>
            <translation>丢弃(&amp;D)</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="116" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/importer/quarantine_dialog.cpp" line="117" />
            <location filename="../ui/importer/quarantine_dialog.cpp" line="150" />
            <source>%n record(s) failed to import and are kept here.</source>
            <translation>
                <numerusform>%n 条记录导入失败，保存在此处。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="199" />
            <source>Line %1, column %2: %3</source>
            <translation>第 %1 行，第 %2 列：%3</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="213" />
            <source>Re-import failed: %1</source>
            <translation>重新导入失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="218" />
            <source>The record was added to the dataset.</source>
            <translation>该记录已添加到数据集。</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="226" />
            <source>Still not valid: %1</source>
            <translation>仍然无效：%1</translation>
        </message>
        <message>
            <location filename="../ui/importer/quarantine_dialog.cpp" line="244" />
            <source>The entry was discarded.</source>
            <translation>该条目已丢弃。</translation>
        </message>
    </context>
    <context>
        <name>wb::RecordEditor</name>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="161" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="162" />
            <source>Tags</source>
            <translation>标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="163" />
            <source>comma separated</source>
            <translation>以逗号分隔</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="164" />
            <source>Rating</source>
            <translation>评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="165" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="168" />
            <source>Split</source>
            <translation>划分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="171" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="172" />
            <source>Revert changes</source>
            <translation>撤销更改</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="176" />
            <source>Record #%1</source>
            <translation>记录 #%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="181" />
            <source>No record selected</source>
            <translation>未选择记录</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="194" />
            <source>System prompt</source>
            <translation>系统提示</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="195" />
            <source>Instruction</source>
            <translation>指令</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="196" />
            <source>Input</source>
            <translation>输入</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="197" />
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="198" />
            <source>Prompt</source>
            <translation>提示</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="199" />
            <source>Chosen</source>
            <translation>选中回答</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="200" />
            <source>Rejected</source>
            <translation>拒绝回答</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="201" />
            <source>Text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="203" />
            <source>Turn %1</source>
            <translation>第 %1 轮</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="380" />
            <source>%1 chars · %2 tokens</source>
            <translation>%1 字符 · %2 词元</translation>
        </message>
        <message>
            <location filename="../ui/dataset/record_editor.cpp" line="393" />
            <source>Save failed</source>
            <translation>保存失败</translation>
        </message>
    </context>
    <context>
        <name>wb::ReplyStats</name>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="29" />
            <source>end of text</source>
            <translation>文本结束</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="30" />
            <source>stop string</source>
            <translation>停止字符串</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="31" />
            <source>token limit</source>
            <translation>达到词元上限</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="32" />
            <source>context full</source>
            <translation>上下文已满</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="33" />
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="34" />
            <source>error</source>
            <translation>错误</translation>
        </message>
        <message>
            <location filename="../ui/chat/reply_stats.cpp" line="50" />
            <source>%1 tokens/s · first token %2 s · %3 tokens · %4</source>
            <translation>%1 词元/秒 · 首词元 %2 秒 · %3 个词元 · %4</translation>
        </message>
    </context>
    <context>
        <name>wb::SamplingBox</name>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="183" />
            <source>Precise</source>
            <translation>精确</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="184" />
            <source>Balanced</source>
            <translation>均衡</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="185" />
            <source>Creative</source>
            <translation>创意</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="186" />
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="188" />
            <source>Sampling:</source>
            <translation>采样：</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="189" />
            <source>Temperature:</source>
            <translation>温度：</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="190" />
            <source>Top-p:</source>
            <translation>Top-p：</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="191" />
            <source>Top-k:</source>
            <translation>Top-k：</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="192" />
            <source>Max tokens:</source>
            <translation>最大词元数：</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="193" />
            <source>0 picks the most likely token every time</source>
            <translation>0 表示每次都选概率最高的词元</translation>
        </message>
        <message>
            <location filename="../ui/chat/sampling_box.cpp" line="194" />
            <source>0 turns top-k off</source>
            <translation>0 表示关闭 top-k</translation>
        </message>
    </context>
    <context>
        <name>wb::SaveToDatasetDialog</name>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="21" />
            <source>Save to Dataset</source>
            <translation>保存到数据集</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="23" />
            <source>This exchange as an SFT record (instruction, output, system prompt)</source>
            <translation>将此问答保存为 SFT 记录（指令、输出、系统提示）</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="25" />
            <source>A preference pair with an alternative reply (prompt, chosen, rejected)</source>
            <translation>与一个备选回复组成偏好对（提示、选中、拒绝）</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="38" />
            <source>Alternative:</source>
            <translation>备选回复：</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="39" />
            <source>This reply is the worse one (rejected)</source>
            <translation>此回复较差（作为拒绝回答）</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="44" />
            <source>Dataset:</source>
            <translation>数据集：</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="47" />
            <source>Name of the new dataset</source>
            <translation>新数据集的名称</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="48" />
            <source>New dataset:</source>
            <translation>新数据集：</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="114" />
            <source>New dataset…</source>
            <translation>新建数据集…</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="135" />
            <source>A dataset named "%1" already exists.</source>
            <translation>已存在名为“%1”的数据集。</translation>
        </message>
        <message>
            <location filename="../ui/chat/save_to_dataset_dialog.cpp" line="141" />
            <source>Saved as one edit: Undo removes it again.</source>
            <translation>作为一次编辑保存：“撤销”可将其移除。</translation>
        </message>
    </context>
    <context>
        <name>wb::SplitDialog</name>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="54" />
            <source>Assign Splits</source>
            <translation>分配划分</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="70" />
            <source>Stratify by category</source>
            <translation>按类别分层</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="72" />
            <source>Applies to every record matching the current filter. Undoable.</source>
            <translation>应用于所有符合当前筛选条件的记录，可撤销。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="74" />
            <source>Train:</source>
            <translation>训练集：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="75" />
            <source>Validation:</source>
            <translation>验证集：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="76" />
            <source>Test:</source>
            <translation>测试集：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="77" />
            <source>Seed:</source>
            <translation>随机种子：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="107" />
            <source>Assigning splits…</source>
            <translation>正在分配划分…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="114" />
            <source>Failed: %1</source>
            <translation>失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/dataset_dialogs.cpp" line="117" />
            <source>Train %1, validation %2, test %3.</source>
            <translation>训练集 %1，验证集 %2，测试集 %3。</translation>
        </message>
    </context>
    <context>
        <name>wb::StarRating</name>
        <message numerus="yes">
            <location filename="../ui/dataset/star_rating.cpp" line="47" />
            <source>Rate %n star(s); click again to clear</source>
            <translation>
                <numerusform>评为 %n 星；再次点击清除</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>wb::StatsView</name>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="64" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="139" />
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="140" />
            <source>By status</source>
            <translation>按状态</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="141" />
            <source>By category</source>
            <translation>按类别</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="142" />
            <source>By split</source>
            <translation>按划分</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="143" />
            <source>By language</source>
            <translation>按语言</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="144" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="144" />
            <location filename="../ui/curation/stats_view.cpp" line="145" />
            <location filename="../ui/curation/stats_view.cpp" line="146" />
            <location filename="../ui/curation/stats_view.cpp" line="147" />
            <location filename="../ui/curation/stats_view.cpp" line="150" />
            <source>Records</source>
            <translation>记录数</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="145" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="146" />
            <source>Split</source>
            <translation>划分</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="147" />
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="148" />
            <source>Length histogram of &amp;field:</source>
            <translation>字段长度直方图(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="149" />
            <source>Characters</source>
            <translation>字符数</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="154" />
            <location filename="../ui/curation/stats_view.cpp" line="188" />
            <source>No dataset selected.</source>
            <translation>未选择数据集。</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="202" />
            <source>Could not compute statistics: %1</source>
            <translation>无法计算统计信息：%1</translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="209" />
            <source>Computing statistics...</source>
            <translation>正在计算统计信息...</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/curation/stats_view.cpp" line="234" />
            <source>%n record(s).</source>
            <translation>
                <numerusform>%n 条记录。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/curation/stats_view.cpp" line="281" />
            <source>Mean length: %1 characters</source>
            <translation>平均长度：%1 个字符</translation>
        </message>
    </context>
</TS>
