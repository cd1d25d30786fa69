<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>wb::BackgroundTask</name>
        <message>
            <location filename="../ui/common/background_task.cpp" line="47" />
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="581" />
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
        <name>wb::BatchInspector</name>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="74" />
            <source>SFT dataset:</source>
            <translation>SFT 数据集：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="75" />
            <source>Score every record</source>
            <translation>为每条记录评分</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="76" />
            <source>Checks each record's output against its input (or the chosen knowledge base)</source>
            <translation>对照每条记录的输入（或所选知识库）检查其输出</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="77" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="78" />
            <source>Send selected to review</source>
            <translation>将选中项送审</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="79" />
            <source>Sets the status of the selected records to needs fix (one undo step)</source>
            <translation>将选中记录的状态设为待修改（可一步撤销）</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="138" />
            <source>Another inspection is running.</source>
            <translation>另一项检查正在运行。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="143" />
            <source>Choose an SFT dataset first.</source>
            <translation>请先选择一个 SFT 数据集。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="168" />
            <source>Scored %1 of %2 records...</source>
            <translation>已评分 %1 / %2 条记录...</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="173" />
            <source>Scoring...</source>
            <translation>正在评分...</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="190" />
            <source>Batch inspection failed: %1</source>
            <translation>批量检查失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="199" />
            <source>Cancelled: %1 of %2 records scored (their scores are saved).</source>
            <translation>已取消：%2 条记录中已评分 %1 条（这些分数已保存）。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="202" />
            <source>%1 of %2 records scored, riskiest first.</source>
            <translation>%2 条记录中已评分 %1 条，风险最高的排在最前。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="204" />
            <source>%1 not scored, e.g. %2</source>
            <translation>%1 条未评分，例如 %2</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="235" />
            <source>%1 records sent to review (status: needs fix).</source>
            <translation>已将 %1 条记录送审（状态：待修改）。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_inspector.cpp" line="240" />
            <source>Cannot send to review: %1</source>
            <translation>无法送审：%1</translation>
        </message>
    </context>
    <context>
        <name>wb::BatchResultModel</name>
        <message>
            <location filename="../ui/inspector/batch_result_model.cpp" line="70" />
            <source>Risk</source>
            <translation>风险</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_result_model.cpp" line="71" />
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_result_model.cpp" line="72" />
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../ui/inspector/batch_result_model.cpp" line="73" />
            <source>Reason</source>
            <translation>原因</translation>
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
            <location filename="../ui/chat/chat_column.cpp" line="733" />
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
            <location filename="../ui/chat/chat_column.cpp" line="731" />
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
            <location filename="../ui/chat/chat_column.cpp" line="503" />
            <source>Writing…</source>
            <translation>正在生成…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="566" />
            <source>Load a model first.</source>
            <translation>请先加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="570" />
            <source>This column is busy.</source>
            <translation>此栏正忙。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="597" />
            <source>Writing a reply…</source>
            <translation>正在生成回复…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="719" />
            <source>Add model folder…</source>
            <translation>添加模型文件夹…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="720" />
            <source>A Hugging Face model folder: config.json, model.safetensors and a tokenizer</source>
            <translation>Hugging Face 模型文件夹：config.json、model.safetensors 和分词器</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="721" />
            <source>Weight type: f32, or bf16 (half the memory, faster decoding)</source>
            <translation>权重类型：f32，或 bf16（内存减半，解码更快）</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="722" />
            <source>Load</source>
            <translation>加载</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="723" />
            <source>Unload</source>
            <translation>卸载</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="724" />
            <source>Template:</source>
            <translation>模板：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_column.cpp" line="725" />
            <source>How the conversation is written for the model; preselected from the model's tokenizer_config.json</source>
            <translation>对话写给模型的格式；根据模型的 tokenizer_config.json 预先选定</translation>
        </message>
    </context>
    <context>
        <name>wb::ChatPanel</name>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="155" />
            <source>The embedding model is loaded.</source>
            <translation>嵌入模型已加载。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="255" />
            <source>Delete conversation</source>
            <translation>删除对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="256" />
            <source>Delete the conversation "%1" with all its messages?</source>
            <translation>删除对话“%1”及其全部消息？</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="311" />
            <source>New chat</source>
            <translation>新对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="476" />
            <location filename="../ui/chat/chat_panel.cpp" line="486" />
            <location filename="../ui/chat/chat_panel.cpp" line="540" />
            <source>The prompt cannot be rendered: %1</source>
            <translation>无法生成提示：%1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="495" />
            <source>Prompt Preview</source>
            <translation>提示预览</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="497" />
            <source>The exact text the model reads, with the text being typed as the next turn.</source>
            <translation>模型实际读取的完整文本，正在输入的内容作为下一轮。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="509" />
            <source>No model</source>
            <translation>无模型</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="558" />
            <source>Load a model in both columns first.</source>
            <translation>请先在两栏中都加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="559" />
            <location filename="../ui/chat/chat_panel.cpp" line="585" />
            <source>Load a model first.</source>
            <translation>请先加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="564" />
            <location filename="../ui/chat/chat_panel.cpp" line="573" />
            <location filename="../ui/chat/chat_panel.cpp" line="802" />
            <source>Wait for the current reply, or stop it.</source>
            <translation>请等待当前回复完成，或停止它。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="569" />
            <source>The embedding model is still loading; send again when it has.</source>
            <translation>嵌入模型仍在加载；加载完成后请再次发送。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="703" />
            <source>Loading the embedding model…</source>
            <translation>正在加载嵌入模型…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="754" />
            <source>Choose a knowledge-base collection for retrieval, or turn retrieval off.</source>
            <translation>请选择用于检索的知识库集合，或关闭检索。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="759" />
            <source>Embedding models cannot be loaded in this build: use BM25 retrieval.</source>
            <translation>此版本无法加载嵌入模型：请使用 BM25 检索。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="762" />
            <source>Choose an embedding model in the Knowledge panel, or use BM25 retrieval.</source>
            <translation>请在知识库面板中选择嵌入模型，或使用 BM25 检索。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="765" />
            <source>The embedding model is not loaded yet.</source>
            <translation>嵌入模型尚未加载。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="529" />
            <location filename="../ui/chat/chat_panel.cpp" line="806" />
            <source>Retrieving passages…</source>
            <translation>正在检索段落…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="838" />
            <source>Passage [%1] is no longer in the knowledge base.</source>
            <translation>段落 [%1] 已不在知识库中。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="845" />
            <source>Passage [%1]</source>
            <translation>段落 [%1]</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="851" />
            <source>%1, bytes %2–%3</source>
            <translation>%1，字节 %2–%3</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="874" />
            <location filename="../ui/chat/chat_panel.cpp" line="897" />
            <source>Retrieval Prompt Template</source>
            <translation>检索提示词模板</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="876" />
            <source>The user's message is sent through this template when retrieval is on: {passages} becomes the numbered passages [1], [2] …, {question} the message, {count} the number of passages.</source>
            <translation>开启检索时，用户消息会套用此模板发送：{passages} 替换为编号段落 [1]、[2] …，{question} 替换为消息，{count} 替换为段落数。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="887" />
            <source>Default (English)</source>
            <translation>默认（英文）</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="888" />
            <source>Default (Chinese)</source>
            <translation>默认（中文）</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="941" />
            <source>Name the new dataset.</source>
            <translation>请为新数据集命名。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="943" />
            <source>Saved from chat conversations</source>
            <translation>从对话中保存</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="953" />
            <source>Saved to dataset "%1".</source>
            <translation>已保存到数据集“%1”。</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="973" />
            <source>Save chat exchange to %1</source>
            <translation>将对话问答保存到 %1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="985" />
            <source>Save preference pair to %1</source>
            <translation>将偏好对保存到 %1</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1007" />
            <source>Alternative %1/%2</source>
            <translation>备选 %1/%2</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1015" />
            <source>Other column</source>
            <translation>另一栏</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1053" />
            <location filename="../ui/chat/chat_panel.cpp" line="1113" />
            <source>No examples</source>
            <translation>不使用示例</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1104" />
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1105" />
            <source>Start a new conversation</source>
            <translation>开始新对话</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1106" />
            <source>Rename</source>
            <translation>重命名</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1107" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1108" />
            <source>System prompt:</source>
            <translation>系统提示：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1109" />
            <source>Optional instructions for the model, kept with the conversation</source>
            <translation>给模型的可选指示，随对话保存</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1110" />
            <source>Few-shot examples:</source>
            <translation>少样本示例：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1111" />
            <source>Show the model the first records of an SFT dataset as earlier turns</source>
            <translation>将某个 SFT 数据集的前几条记录作为之前的对话轮次提供给模型</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1114" />
            <source>How many examples</source>
            <translation>示例数量</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1115" />
            <source>Step by step</source>
            <translation>逐步推理</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1116" />
            <source>Ask the model to reason step by step before it answers</source>
            <translation>要求模型先逐步推理再回答</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1117" />
            <source>Side by side</source>
            <translation>并排对比</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1118" />
            <source>A second model answers the same prompt at the same time</source>
            <translation>第二个模型同时回答同一提示</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1119" />
            <source>Preview prompt…</source>
            <translation>预览提示…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1120" />
            <source>Knowledge base:</source>
            <translation>知识库：</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1121" />
            <source>Retrieve passages for each message and put them into the prompt; the answer cites them as [1], [2] …</source>
            <translation>为每条消息检索段落并放入提示词；回答以 [1]、[2] … 引用它们</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1123" />
            <source>The collection to retrieve from</source>
            <translation>要检索的集合</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1124" />
            <source>Hybrid</source>
            <translation>混合</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1124" />
            <source>Dense</source>
            <translation>稠密</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1124" />
            <source>BM25</source>
            <translation>BM25</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1127" />
            <source>Hybrid fuses the keyword (BM25) and embedding (dense) rankings</source>
            <translation>混合检索融合关键词（BM25）排名与嵌入（稠密）排名</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1128" />
            <source>top </source>
            <translation>前 </translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1129" />
            <source>How many passages go into the prompt</source>
            <translation>放入提示词的段落数</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1130" />
            <source>Template…</source>
            <translation>模板…</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1131" />
            <source>The prompt template that carries the passages</source>
            <translation>承载段落的提示词模板</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1132" />
            <source>Type a message; Ctrl+Enter sends it</source>
            <translation>输入消息；Ctrl+Enter 发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1133" />
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/chat_panel.cpp" line="1134" />
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
            <location filename="../ui/dataset/dataset_panel.cpp" line="95" />
            <source>Bulk actions</source>
            <translation>批量操作</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="96" />
            <source>Apply to every record matching the filter</source>
            <translation>应用于所有符合筛选条件的记录</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="113" />
            <source>Set status</source>
            <translation>设置状态</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="117" />
            <source>Set split</source>
            <translation>设置划分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="120" />
            <source>Set rating</source>
            <translation>设置评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="121" />
            <source>Unrated</source>
            <translation>未评分</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="124" />
            <source>Add tag…</source>
            <translation>添加标签…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="126" />
            <source>Add tag</source>
            <translation>添加标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="126" />
            <source>Tag to add:</source>
            <translation>要添加的标签：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="130" />
            <source>Remove tag…</source>
            <translation>移除标签…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="135" />
            <source>Remove tag</source>
            <translation>移除标签</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="135" />
            <source>Tag to remove:</source>
            <translation>要移除的标签：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="140" />
            <source>Delete matching records…</source>
            <translation>删除匹配的记录…</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="149" />
            <source>map selection: %n record(s)</source>
            <translation>
                <numerusform>地图选区：%n 条记录</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="265" />
            <source>Map selection (%n) ✕</source>
            <translation>
                <numerusform>地图选区（%n）✕</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="266" />
            <source>Show all records again</source>
            <translation>重新显示全部记录</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="330" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="489" />
            <source>Set status: %1</source>
            <translation>设置状态：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="332" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="362" />
            <source>Review</source>
            <translation>审阅</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="360" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="503" />
            <source>Set rating: %1</source>
            <translation>设置评分：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="417" />
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n 条记录</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="418" />
            <source>%1 of %n record(s) match</source>
            <translation>
                <numerusform>%n 条记录中有 %1 条匹配</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="433" />
            <source>%1

This changes all %n record(s) matching the current filter, not only the visible ones. Edit ▸ Undo reverts it.</source>
            <translation>
                <numerusform>%1

此操作会修改所有符合当前筛选条件的 %n 条记录，而不仅是可见的记录。可用“编辑 ▸ 撤销”还原。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="435" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="449" />
            <location filename="../ui/dataset/dataset_panel.cpp" line="479" />
            <source>Bulk action</source>
            <translation>批量操作</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="453" />
            <source>No records match the filter.</source>
            <translation>没有符合筛选条件的记录。</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="458" />
            <source>%1 (%n record(s))</source>
            <translation>
                <numerusform>%1（%n 条记录）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="471" />
            <source>%1…</source>
            <translation>%1…</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/dataset/dataset_panel.cpp" line="477" />
            <source>%1: %n record(s) changed</source>
            <translation>
                <numerusform>%1：已修改 %n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="496" />
            <source>Set split: %1</source>
            <translation>设置划分：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="510" />
            <source>Add tag: %1</source>
            <translation>添加标签：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="517" />
            <source>Remove tag: %1</source>
            <translation>移除标签：%1</translation>
        </message>
        <message>
            <location filename="../ui/dataset/dataset_panel.cpp" line="522" />
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
        <name>wb::DocumentTableModel</name>
        <message>
            <location filename="../ui/knowledge/document_table_model.cpp" line="78" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/document_table_model.cpp" line="79" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/document_table_model.cpp" line="80" />
            <source>Chunks</source>
            <translation>分块数</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/document_table_model.cpp" line="81" />
            <source>Error</source>
            <translation>错误</translation>
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
        <name>wb::EmbedProjectPipeline</name>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="94" />
            <source>Reading texts</source>
            <translation>正在读取文本</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="99" />
            <source>Loading the embedder</source>
            <translation>正在加载嵌入模型</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="137" />
            <source>Embedding</source>
            <translation>正在嵌入</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="174" />
            <source>Projecting (%1)</source>
            <translation>正在投影（%1）</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="182" />
            <source>Scoring the layout</source>
            <translation>正在评估布局</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="203" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embed_project_pipeline.cpp" line="203" />
            <source>Role</source>
            <translation>角色</translation>
        </message>
    </context>
    <context>
        <name>wb::EmbedderLoader</name>
        <message>
            <location filename="../ui/knowledge/embedder_loader.cpp" line="36" />
            <source>Embedding models cannot be loaded in this build.</source>
            <translation>此版本无法加载嵌入模型。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/embedder_loader.cpp" line="57" />
            <source>No embedding model in %1</source>
            <translation>%1 中没有嵌入模型</translation>
        </message>
    </context>
    <context>
        <name>wb::EmbeddingMapPanel</name>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="251" />
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="769" />
            <source>Embedding map</source>
            <translation>嵌入地图</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="284" />
            <source>&amp;Map:</source>
            <translation>映射对象(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="285" />
            <source>Dataset records</source>
            <translation>数据集记录</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="286" />
            <source>Knowledge-base chunks</source>
            <translation>知识库片段</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="287" />
            <source>Chat messages</source>
            <translation>聊天消息</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="288" />
            <source>&amp;Dataset:</source>
            <translation>数据集(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="289" />
            <source>Mix with:</source>
            <translation>混合数据集：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="290" />
            <source>Field:</source>
            <translation>字段：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="291" />
            <source>Instruction + output</source>
            <translation>指令 + 输出</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="292" />
            <source>Instruction</source>
            <translation>指令</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="293" />
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="294" />
            <source>Collection:</source>
            <translation>集合：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="295" />
            <source>&amp;Embedder:</source>
            <translation>嵌入模型(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="296" />
            <source>Folder of an embedding model</source>
            <translation>嵌入模型所在文件夹</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="297" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="298" />
            <source>M&amp;ethod:</source>
            <translation>方法(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="299" />
            <source>Seed:</source>
            <translation>随机种子：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="300" />
            <source>Neighbours:</source>
            <translation>近邻数：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="301" />
            <source>Min. distance:</source>
            <translation>最小距离：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="302" />
            <source>Perplexity:</source>
            <translation>困惑度：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="303" />
            <source>&amp;Build map</source>
            <translation>生成地图(&amp;B)</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="304" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="305" />
            <source>Import coordinates…</source>
            <translation>导入坐标…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="306" />
            <source>A CSV or JSON file of record id, x and y</source>
            <translation>包含记录 ID、x 和 y 的 CSV 或 JSON 文件</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="307" />
            <source>&amp;Colour by:</source>
            <translation>着色依据(&amp;C)：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="308" />
            <source>Pan</source>
            <translation>平移</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="309" />
            <source>Drag to pan, wheel to zoom (Shift-drag: rectangle, Ctrl-drag: lasso)</source>
            <translation>拖动以平移，滚轮缩放（Shift 拖动：矩形选择，Ctrl 拖动：套索选择）</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="310" />
            <source>Rectangle</source>
            <translation>矩形</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="311" />
            <source>Drag a rectangle to select points</source>
            <translation>拖出矩形以选择点</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="312" />
            <source>Lasso</source>
            <translation>套索</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="313" />
            <source>Draw around points to select them</source>
            <translation>圈出点以选择它们</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="314" />
            <source>Fit</source>
            <translation>适应窗口</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="315" />
            <source>Highlight matching text…</source>
            <translation>高亮匹配的文本…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="316" />
            <source>Outline near duplicates, similarity ≥</source>
            <translation>勾勒近似重复，相似度 ≥</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="317" />
            <source>Filter dataset to selection</source>
            <translation>按选中项筛选数据集</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="318" />
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="851" />
            <source>Selection actions</source>
            <translation>选中项操作</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="319" />
            <source>Nearest neighbours of the clicked point</source>
            <translation>所点击的点的最近邻</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="320" />
            <source>Export PNG…</source>
            <translation>导出 PNG…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="323" />
            <source>Set status</source>
            <translation>设置状态</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="326" />
            <source>Set split</source>
            <translation>设置划分</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="329" />
            <source>Add tag…</source>
            <translation>添加标签…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="331" />
            <source>Add tag</source>
            <translation>添加标签</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="331" />
            <source>Tag to add:</source>
            <translation>要添加的标签：</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="359" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="429" />
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="891" />
            <source>This build cannot load embedders: import coordinates instead.</source>
            <translation>此版本无法加载嵌入模型：请改为导入坐标。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="431" />
            <source>Choose the folder of an embedding model first.</source>
            <translation>请先选择嵌入模型文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="433" />
            <source>Choose a dataset first.</source>
            <translation>请先选择数据集。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="435" />
            <source>Choose a knowledge-base collection first.</source>
            <translation>请先选择知识库集合。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="437" />
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="455" />
            <source>A map is being built already.</source>
            <translation>已有地图正在生成。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="447" />
            <source>Building the map…</source>
            <translation>正在生成地图…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="460" />
            <source>Importing coordinates…</source>
            <translation>正在导入坐标…</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="493" />
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="515" />
            <source>%Ln point(s)</source>
            <translation>
                <numerusform>%Ln 个点</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="520" />
            <source>trustworthiness %1</source>
            <translation>可信度 %1</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="521" />
            <source>trustworthiness unknown</source>
            <translation>可信度未知</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="523" />
            <source>from cache</source>
            <translation>来自缓存</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="539" />
            <source>(one colour)</source>
            <translation>（单一颜色）</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="587" />
            <source>Hallucination risk</source>
            <translation>幻觉风险</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="637" />
            <source>%Ln match(es)</source>
            <translation>
                <numerusform>%Ln 个匹配</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="728" />
            <source>%Ln near-duplicate group(s)</source>
            <translation>
                <numerusform>%Ln 组近似重复</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="752" />
            <source>Export map as PNG</source>
            <translation>将地图导出为 PNG</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="752" />
            <source>PNG images (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="754" />
            <source>Export PNG</source>
            <translation>导出 PNG</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="759" />
            <source>Embedding model folder</source>
            <translation>嵌入模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="766" />
            <source>Import 2-D coordinates</source>
            <translation>导入二维坐标</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="767" />
            <source>Coordinates (*.csv *.tsv *.txt *.json *.jsonl)</source>
            <translation>坐标文件 (*.csv *.tsv *.txt *.json *.jsonl)</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="776" />
            <source>%Ln point(s) selected</source>
            <translation>
                <numerusform>已选中 %Ln 个点</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="777" />
            <source>No selection: Shift-drag a rectangle or Ctrl-drag a lasso</source>
            <translation>未选择：按住 Shift 拖出矩形，或按住 Ctrl 拖出套索</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="808" />
            <source>Set status: %1</source>
            <translation>设置状态：%1</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="815" />
            <source>Set split: %1</source>
            <translation>设置划分：%1</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="822" />
            <source>Add tag: %1</source>
            <translation>添加标签：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="832" />
            <source>%1 (%Ln record(s) on the map)</source>
            <translation>
                <numerusform>%1（地图上的 %Ln 条记录）</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/embeddings/embedding_map_panel.cpp" line="870" />
            <source>%1: %Ln record(s) changed</source>
            <translation>
                <numerusform>%1：已修改 %Ln 条记录</numerusform>
            </translation>
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
        <name>wb::HitTableModel</name>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="87" />
            <source>Weighted reciprocal rank fusion of the BM25 and dense rankings</source>
            <translation>BM25 排名与稠密排名的加权倒数排名融合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="88" />
            <source>Keyword score (BM25): higher is better</source>
            <translation>关键词得分（BM25）：越高越好</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="89" />
            <source>Cosine similarity of the embeddings</source>
            <translation>嵌入向量的余弦相似度</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="96" />
            <source>Rank</source>
            <translation>排名</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="97" />
            <source>Fused</source>
            <translation>融合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="98" />
            <source>BM25 rank</source>
            <translation>BM25 排名</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="99" />
            <source>BM25 score</source>
            <translation>BM25 得分</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="100" />
            <source>Dense rank</source>
            <translation>稠密排名</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="101" />
            <source>Dense score</source>
            <translation>稠密得分</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="102" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/hit_table_model.cpp" line="103" />
            <source>Text</source>
            <translation>文本</translation>
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
        <name>wb::InspectionView</name>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="101" />
            <source>unsupported number or name</source>
            <translation>无依据的数字或名称</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="103" />
            <source>likely unsupported</source>
            <translation>可能无依据</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="104" />
            <source>weakly supported</source>
            <translation>依据较弱</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="105" />
            <source>found in the evidence</source>
            <translation>在证据中找到</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="106" />
            <source>A wavy underline marks a claim judged risky overall. Click the answer to see why.</source>
            <translation>波浪下划线表示整体判定为有风险的陈述。点击回答可查看原因。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="107" />
            <source>Claim</source>
            <translation>陈述</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="108" />
            <source>Detector</source>
            <translation>检测器</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="108" />
            <source>Score</source>
            <translation>分数</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="108" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="111" />
            <source>Answer risk %1 (%2)</source>
            <translation>回答风险 %1（%2）</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="113" />
            <location filename="../ui/inspector/inspection_view.cpp" line="319" />
            <source>fitted combiner</source>
            <translation>拟合的组合权重</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="113" />
            <location filename="../ui/inspector/inspection_view.cpp" line="319" />
            <source>unweighted mean of the detectors</source>
            <translation>各检测器的不加权平均</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="116" />
            <source>No inspection yet.</source>
            <translation>尚未检查。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="229" />
            <source>Selected: "%1" (risk %2, %3): %4</source>
            <translation>已选中：“%1”（风险 %2，%3）：%4</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="232" />
            <source>model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="232" />
            <source>lexical</source>
            <translation>词汇</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="235" />
            <source>No unsupported words in this claim; combined risk %1.</source>
            <translation>此陈述中没有无依据的词语；综合风险 %1。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="239" />
            <source>No evidence was given.</source>
            <translation>未提供证据。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="242" />
            <source>Best evidence (embedding similarity), passage %1:</source>
            <translation>最佳证据（嵌入相似度），第 %1 段：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="243" />
            <source>Best evidence (shared words), passage %1:</source>
            <translation>最佳证据（共有词语），第 %1 段：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="246" />
            <source>%1 of %2 content words of the claim found</source>
            <translation>陈述的 %2 个实词中找到 %1 个</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="281" />
            <source>best similarity %1, with evidence passage %2</source>
            <translation>最高相似度 %1，对应证据第 %2 段</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="282" />
            <source>no evidence to compare with</source>
            <translation>没有可比较的证据</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="284" />
            <source>mean log-probability gain from the evidence: %1</source>
            <translation>证据带来的平均对数概率增益：%1</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="286" />
            <source>mean log-probability with the evidence: %1</source>
            <translation>有证据时的平均对数概率：%1</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="288" />
            <source>agreement with %1 sampled answers: %2</source>
            <translation>与 %1 个采样回答的一致度：%2</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="295" />
            <source>Lexical: content words</source>
            <translation>词汇：实词</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="296" />
            <source>Lexical: numbers</source>
            <translation>词汇：数字</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="297" />
            <source>Lexical: names</source>
            <translation>词汇：名称</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="298" />
            <source>Semantic similarity</source>
            <translation>语义相似度</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="299" />
            <source>Model: evidence gain</source>
            <translation>模型：证据增益</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="300" />
            <source>Model: surprisal</source>
            <translation>模型：意外度</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="301" />
            <source>Self-consistency</source>
            <translation>自一致性</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspection_view.cpp" line="318" />
            <source>Combined</source>
            <translation>综合</translation>
        </message>
    </context>
    <context>
        <name>wb::InspectorOptions</name>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="60" />
            <source>Choose a folder</source>
            <translation>选择文件夹</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="73" />
            <source>Detectors</source>
            <translation>检测器</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="74" />
            <source>Lexical grounding (numbers, names, content words)</source>
            <translation>词汇依据（数字、名称、实词）</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="75" />
            <source>Semantic grounding, embedder:</source>
            <translation>语义依据，嵌入模型：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="76" />
            <source>Model-based grounding, model:</source>
            <translation>基于模型的依据，模型：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="77" />
            <source>Self-consistency samples:</source>
            <translation>自一致性采样数：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="78" />
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="79" />
            <source>Whole sentences as claims (instead of clauses)</source>
            <translation>以整句作为陈述（而非分句）</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="80" />
            <source>Combined score:</source>
            <translation>综合分数：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="81" />
            <source>Evidence:</source>
            <translation>证据：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="82" />
            <source>Unweighted mean of the detectors</source>
            <translation>各检测器的不加权平均</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="83" />
            <source>Pasted documents / the record's input</source>
            <translation>粘贴的文档 / 记录的输入</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="84" />
            <source>embedder or BERT model folder</source>
            <translation>嵌入模型或 BERT 模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="85" />
            <source>model folder</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="110" />
            <source>This build cannot load embedders.</source>
            <translation>此版本无法加载嵌入模型。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="114" />
            <source>This build cannot load models.</source>
            <translation>此版本无法加载模型。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="130" />
            <source>Fitted weights: %1</source>
            <translation>拟合权重：%1</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_options.cpp" line="132" />
            <source>Knowledge base: %1</source>
            <translation>知识库：%1</translation>
        </message>
    </context>
    <context>
        <name>wb::InspectorPanel</name>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="118" />
            <source>One answer</source>
            <translation>单个回答</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="119" />
            <source>Dataset batch</source>
            <translation>数据集批量</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="120" />
            <source>Question (optional):</source>
            <translation>问题（可选）：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="121" />
            <source>Answer to check:</source>
            <translation>待检查的回答：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="122" />
            <source>Evidence documents:</source>
            <translation>证据文档：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="123" />
            <source>Paste the documents the answer should rest on; separate them with an empty line.</source>
            <translation>粘贴回答应依据的文档；文档之间用空行分隔。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="124" />
            <source>Or a dataset record, id:</source>
            <translation>或数据集记录，ID：</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="125" />
            <source>Inspect record</source>
            <translation>检查记录</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="126" />
            <source>Inspect</source>
            <translation>检查</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="127" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="199" />
            <location filename="../ui/inspector/inspector_panel.cpp" line="222" />
            <location filename="../ui/inspector/inspector_panel.cpp" line="250" />
            <source>An inspection is already running.</source>
            <translation>已有检查正在运行。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="204" />
            <source>There is no record %1.</source>
            <translation>不存在记录 %1。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="208" />
            <source>Record %1 is not an SFT record: only instruction/input/output records can be inspected.</source>
            <translation>记录 %1 不是 SFT 记录：只能检查包含指令/输入/输出的记录。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="229" />
            <source>There is no chat message %1.</source>
            <translation>不存在聊天消息 %1。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="258" />
            <source>There is no answer to inspect.</source>
            <translation>没有可检查的回答。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="268" />
            <source>No evidence given: every claim counts as unsupported.</source>
            <translation>未提供证据：每个陈述都视为无依据。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="284" />
            <source>Loading the detectors' models...</source>
            <translation>正在加载检测器所需的模型...</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="285" />
            <source>Retrieving evidence...</source>
            <translation>正在检索证据...</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="286" />
            <source>Inspecting...</source>
            <translation>正在检查...</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="311" />
            <source>Inspection cancelled.</source>
            <translation>检查已取消。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="311" />
            <source>Inspection failed: %1</source>
            <translation>检查失败：%1</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="322" />
            <source>%1 of %2 claims look unsupported.</source>
            <translation>%2 个陈述中有 %1 个看起来无依据。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="323" />
            <source>The evidence was cut to fit the model's context.</source>
            <translation>证据已截断以适应模型的上下文长度。</translation>
        </message>
        <message>
            <location filename="../ui/inspector/inspector_panel.cpp" line="341" />
            <source>The score was not saved: %1</source>
            <translation>分数未保存：%1</translation>
        </message>
    </context>
    <context>
        <name>wb::KnowledgePanel</name>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="212" />
            <source>Delete collection</source>
            <translation>删除集合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="213" />
            <source>Delete the collection "%1" with its documents, chunks and vectors? The source files stay.</source>
            <translation>删除集合“%1”及其文档、分块和向量？源文件会保留。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="220" />
            <source>Embedding model folder</source>
            <translation>嵌入模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="226" />
            <source>Add files</source>
            <translation>添加文件</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="226" />
            <source>Documents (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)</source>
            <translation>文档 (*.txt *.md *.markdown *.html *.htm *.pdf);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="231" />
            <source>Add folder</source>
            <translation>添加文件夹</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="237" />
            <source>Add SQuAD JSON</source>
            <translation>添加 SQuAD JSON</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="237" />
            <source>SQuAD JSON (*.json);;All files (*)</source>
            <translation>SQuAD JSON (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="304" />
            <source>%1 (%2 documents, %3 chunks)</source>
            <translation>%1（%2 个文档，%3 个分块）</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="347" />
            <source>Created the collection "%1".</source>
            <translation>已创建集合“%1”。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="391" />
            <source>Chunking: %1</source>
            <translation>分块：%1</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="429" />
            <source>Add SQuAD JSON files one at a time, apart from other documents.</source>
            <translation>请逐个添加 SQuAD JSON 文件，不要与其他文档一起添加。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="443" />
            <source>Choose a dataset first.</source>
            <translation>请先选择数据集。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="468" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="475" />
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="610" />
            <source>Wait for the indexing to finish, or cancel it.</source>
            <translation>请等待索引完成，或取消索引。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="479" />
            <source>Wait for the search to finish.</source>
            <translation>请等待检索完成。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="483" />
            <source>Create or choose a collection first.</source>
            <translation>请先创建或选择一个集合。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="489" />
            <source>Choose an embedding model folder first.</source>
            <translation>请先选择嵌入模型文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="490" />
            <source>Embedding models cannot be loaded in this build.</source>
            <translation>此版本无法加载嵌入模型。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="503" />
            <source>Reading documents</source>
            <translation>正在读取文档</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="504" />
            <source>Embedding chunks</source>
            <translation>正在嵌入分块</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="505" />
            <source>Loading the embedding model</source>
            <translation>正在加载嵌入模型</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="548" />
            <source>Indexing…</source>
            <translation>正在索引…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="563" />
            <source>%1 added, %2 updated, %3 unchanged, %4 removed; %5 chunks written.</source>
            <translation>新增 %1，更新 %2，未变 %3，移除 %4；写入 %5 个分块。</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="570" />
            <source>%n source(s) could not be read; the first: %1</source>
            <translation>
                <numerusform>%n 个来源无法读取；第一个：%1</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="574" />
            <source>%1 chunks embedded with %2.</source>
            <translation>已用 %2 嵌入 %1 个分块。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="581" />
            <source>Indexing cancelled.</source>
            <translation>索引已取消。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="617" />
            <source>Dense and hybrid search need an embedding model: choose its folder, or search by keywords (BM25).</source>
            <translation>稠密检索和混合检索需要嵌入模型：请选择其文件夹，或按关键词（BM25）检索。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="619" />
            <source>Embedding models cannot be loaded in this build: search by keywords (BM25).</source>
            <translation>此版本无法加载嵌入模型：请按关键词（BM25）检索。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="630" />
            <source>Loading the embedding model…</source>
            <translation>正在加载嵌入模型…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="653" />
            <source>Searching…</source>
            <translation>正在检索…</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="667" />
            <source>%n hit(s).</source>
            <translation>
                <numerusform>%n 条结果。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="698" />
            <source>The passage is no longer in the knowledge base.</source>
            <translation>该段落已不在知识库中。</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="768" />
            <source>Collections:</source>
            <translation>集合：</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="769" />
            <source>New…</source>
            <translation>新建…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="770" />
            <source>Create a collection with its own chunking options</source>
            <translation>创建一个有自己分块选项的集合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="771" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="772" />
            <source>Embedding model folder:</source>
            <translation>嵌入模型文件夹：</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="773" />
            <source>None: keyword search (BM25) only</source>
            <translation>无：仅关键词检索（BM25）</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="774" />
            <source>A BERT-family model, a decoder LM, or an embedder trained in the app</source>
            <translation>BERT 系列模型、解码器语言模型，或在本应用中训练的嵌入模型</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="775" />
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="776" />
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="777" />
            <source>Text, Markdown, HTML and PDF files; you can also drop files and folders here</source>
            <translation>文本、Markdown、HTML 和 PDF 文件；也可以把文件和文件夹拖放到这里</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="778" />
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="779" />
            <source>Add SQuAD JSON…</source>
            <translation>添加 SQuAD JSON…</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="780" />
            <source>Every context of a SQuAD-style JSON file (SQuAD, CMRC 2018) becomes a document</source>
            <translation>SQuAD 格式 JSON 文件（SQuAD、CMRC 2018）中的每个上下文成为一个文档</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="781" />
            <source>Each record of the dataset becomes a document</source>
            <translation>数据集的每条记录成为一个文档</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="782" />
            <source>Add dataset</source>
            <translation>添加数据集</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="783" />
            <source>Reindex</source>
            <translation>重新索引</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="784" />
            <source>Re-read changed sources and drop the ones that are gone</source>
            <translation>重新读取有改动的来源，并移除已不存在的来源</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="785" />
            <source>Embed</source>
            <translation>嵌入</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="786" />
            <source>Embed the chunks that have no vector for the embedding model yet</source>
            <translation>嵌入尚无该嵌入模型向量的分块</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="787" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="788" />
            <source>Search the collection; Enter searches</source>
            <translation>检索集合；按回车检索</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="789" />
            <source>Hybrid</source>
            <translation>混合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="789" />
            <source>Dense</source>
            <translation>稠密</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="789" />
            <source>BM25</source>
            <translation>BM25</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="792" />
            <source>Hybrid fuses the keyword (BM25) and embedding (dense) rankings</source>
            <translation>混合检索融合关键词（BM25）排名与嵌入（稠密）排名</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="793" />
            <source>top </source>
            <translation>前 </translation>
        </message>
        <message>
            <location filename="../ui/knowledge/knowledge_panel.cpp" line="794" />
            <source>Search</source>
            <translation>检索</translation>
        </message>
    </context>
    <context>
        <name>wb::MainWindow</name>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="55" />
            <source>LLM Workbench projects (*.llmwb);;All files (*)</source>
            <translation>LLM Workbench 项目 (*.llmwb);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="204" />
            <source>LLM Workbench</source>
            <translation>LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="205" />
            <source>%1 — LLM Workbench</source>
            <translation>%1 — LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="206" />
            <source>Create a project (File ▸ New Project) or open one (File ▸ Open Project).
Then drop JSONL, JSON, CSV or text files here to import them.</source>
            <translation>请新建项目（文件 ▸ 新建项目）或打开项目（文件 ▸ 打开项目）。
然后将 JSONL、JSON、CSV 或文本文件拖放到此处即可导入。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="208" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="209" />
            <source>Recent Projects</source>
            <translation>最近的项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="210" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="211" />
            <source>&amp;Dataset</source>
            <translation>数据集(&amp;D)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="212" />
            <source>&amp;Review</source>
            <translation>审阅(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="213" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="214" />
            <source>Main toolbar</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="215" />
            <source>&amp;New Project…</source>
            <translation>新建项目(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="216" />
            <source>&amp;Open Project…</source>
            <translation>打开项目(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="217" />
            <source>&amp;Import…</source>
            <translation>导入(&amp;I)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="218" />
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="219" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="220" />
            <source>&amp;Preferences…</source>
            <translation>首选项(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="221" />
            <source>&amp;New Dataset…</source>
            <translation>新建数据集(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="222" />
            <source>&amp;Rename…</source>
            <translation>重命名(&amp;R)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="223" />
            <source>&amp;Delete…</source>
            <translation>删除(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="224" />
            <source>&amp;Quarantine…</source>
            <translation>隔离区(&amp;Q)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="225" />
            <source>&amp;Split…</source>
            <translation>划分(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="226" />
            <source>&amp;Merge…</source>
            <translation>合并(&amp;M)…</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="229" />
            <source>&amp;Accept</source>
            <translation>接受(&amp;A)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="230" />
            <source>&amp;Reject</source>
            <translation>拒绝(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="231" />
            <source>&amp;Needs fix</source>
            <translation>待修改(&amp;N)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="232" />
            <source>Accept</source>
            <translation>接受</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="233" />
            <source>Reject</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="234" />
            <source>Needs fix</source>
            <translation>待修改</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="235" />
            <source>Ne&amp;xt record</source>
            <translation>下一条记录(&amp;X)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="236" />
            <source>&amp;Previous record</source>
            <translation>上一条记录(&amp;P)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="237" />
            <source>&amp;About LLM Workbench</source>
            <translation>关于 LLM Workbench(&amp;A)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="291" />
            <source>&amp;Undo %1</source>
            <translation>撤销 %1(&amp;U)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="291" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="292" />
            <source>&amp;Redo %1</source>
            <translation>重做 %1(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="292" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="305" />
            <source>Cannot open project</source>
            <translation>无法打开项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="333" />
            <source>Cannot create project</source>
            <translation>无法创建项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="438" />
            <source>The selection spans datasets: showing those in this one.</source>
            <translation>所选内容跨越多个数据集：仅显示此数据集中的记录。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="520" />
            <source>Datasets</source>
            <translation>数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="525" />
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/mainwindow/main_window.cpp" line="528" />
            <source>%1 dataset, %n record(s)</source>
            <translation>
                <numerusform>%1 数据集，%n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="537" />
            <source>Duplicates</source>
            <translation>重复项</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="538" />
            <source>Quality</source>
            <translation>质量</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="539" />
            <source>Statistics</source>
            <translation>统计</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="540" />
            <source>Chat</source>
            <translation>对话</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="541" />
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="542" />
            <source>Embedding map</source>
            <translation>嵌入地图</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="543" />
            <source>Knowledge</source>
            <translation>知识库</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="544" />
            <source>Inspector</source>
            <translation>幻觉检查</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="620" />
            <source>%1 records</source>
            <translation>%1 条记录</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="621" />
            <source>%1 of %2 records</source>
            <translation>%2 条记录中的 %1 条</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="623" />
            <source>Filter: %1</source>
            <translation>筛选：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="661" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="664" />
            <source>Clear list</source>
            <translation>清除列表</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="707" />
            <source>Undone: %1</source>
            <translation>已撤销：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="705" />
            <source>Undo failed</source>
            <translation>撤销失败</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="707" />
            <source>Redone: %1</source>
            <translation>已重做：%1</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="705" />
            <source>Redo failed</source>
            <translation>重做失败</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="721" />
            <source>New Project</source>
            <translation>新建项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="731" />
            <source>Open Project</source>
            <translation>打开项目</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="741" />
            <source>Import files</source>
            <translation>导入文件</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="742" />
            <source>Datasets (*.jsonl *.json *.csv *.tsv *.txt);;All files (*)</source>
            <translation>数据集 (*.jsonl *.json *.csv *.tsv *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="750" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="750" />
            <source>Open or create a project before importing files.</source>
            <translation>导入文件前请先打开或新建项目。</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="760" />
            <source>Imported %1 records, %2 rejected</source>
            <translation>已导入 %1 条记录，拒绝 %2 条</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="779" />
            <source>Exported %1 records to %2</source>
            <translation>已将 %1 条记录导出到 %2</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="810" />
            <source>New dataset</source>
            <translation>新数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="822" />
            <location filename="../ui/mainwindow/main_window.cpp" line="829" />
            <source>Rename dataset</source>
            <translation>重命名数据集</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="822" />
            <source>New name:</source>
            <translation>新名称：</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="842" />
            <location filename="../ui/mainwindow/main_window.cpp" line="851" />
            <source>Delete dataset</source>
            <translation>删除数据集</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/mainwindow/main_window.cpp" line="843" />
            <source>Delete the dataset "%1" with its %n record(s), history and quarantine?
This cannot be undone.</source>
            <translation>
                <numerusform>删除数据集“%1”及其 %n 条记录、历史和隔离区？
此操作无法撤销。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="899" />
            <source>About LLM Workbench</source>
            <translation>关于 LLM Workbench</translation>
        </message>
        <message>
            <location filename="../ui/mainwindow/main_window.cpp" line="900" />
            <source>&lt;b&gt;LLM Workbench %1&lt;/b&gt;&lt;p&gt;Curate datasets for domain LLMs: import, review, deduplicate, check quality, split and export.&lt;/p&gt;</source>
            <translation>&lt;b&gt;LLM Workbench %1&lt;/b&gt;&lt;p&gt;为领域大模型整理数据集：导入、审阅、去重、质量检查、划分和导出。&lt;/p&gt;</translation>
        </message>
    </context>
    <context>
        <name>wb::MapColoring</name>
        <message>
            <location filename="../ui/embeddings/map_coloring.cpp" line="49" />
            <source>All points</source>
            <translation>所有点</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_coloring.cpp" line="54" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_coloring.cpp" line="82" />
            <source>(no value)</source>
            <translation>（无值）</translation>
        </message>
    </context>
    <context>
        <name>wb::MapFields</name>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="63" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="66" />
            <source>Split</source>
            <translation>划分</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="69" />
            <source>Rating</source>
            <translation>评分</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="70" />
            <source>Unrated</source>
            <translation>未评分</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="112" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="115" />
            <source>Dataset</source>
            <translation>数据集</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="116" />
            <source>Source file</source>
            <translation>来源文件</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="124" />
            <source>Cluster</source>
            <translation>聚类</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_fields.cpp" line="191" />
            <source>Cluster %1</source>
            <translation>聚类 %1</translation>
        </message>
    </context>
    <context>
        <name>wb::MapLegendModel</name>
        <message>
            <location filename="../ui/embeddings/map_legend_model.cpp" line="31" />
            <source>%1 (%L2)</source>
            <translation>%1（%L2）</translation>
        </message>
    </context>
    <context>
        <name>wb::MapNeighbourModel</name>
        <message>
            <location filename="../ui/embeddings/map_neighbour_model.cpp" line="59" />
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_neighbour_model.cpp" line="61" />
            <source>Id</source>
            <translation>ID</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_neighbour_model.cpp" line="63" />
            <source>Cosine distance</source>
            <translation>余弦距离</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_neighbour_model.cpp" line="63" />
            <source>Map distance</source>
            <translation>地图距离</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_neighbour_model.cpp" line="65" />
            <source>Text</source>
            <translation>文本</translation>
        </message>
    </context>
    <context>
        <name>wb::MapView</name>
        <message>
            <location filename="../ui/embeddings/map_view.cpp" line="382" />
            <source>Cannot write the image %1.</source>
            <translation>无法写入图像 %1。</translation>
        </message>
        <message>
            <location filename="../ui/embeddings/map_view.cpp" line="504" />
            <source>Item %1</source>
            <translation>条目 %1</translation>
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
            <location filename="../ui/chat/message_widget.cpp" line="257" />
            <source>Previous alternative</source>
            <translation>上一个备选</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="258" />
            <source>Next alternative</source>
            <translation>下一个备选</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="259" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="260" />
            <source>Copy the message as Markdown</source>
            <translation>以 Markdown 格式复制消息</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="261" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="262" />
            <source>Edit this message and send it again as a new branch</source>
            <translation>编辑此消息并作为新分支重新发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="263" />
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="264" />
            <source>Write another reply; the alternatives stay and can be paged through</source>
            <translation>再生成一个回复；之前的备选会保留，可翻页查看</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="265" />
            <source>Save to dataset…</source>
            <translation>保存到数据集…</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="266" />
            <source>Save this exchange, or it and an alternative as a preference pair</source>
            <translation>保存此问答，或将它与一个备选回复保存为偏好对</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="267" />
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <location filename="../ui/chat/message_widget.cpp" line="268" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>wb::MetricChart</name>
        <message>
            <location filename="../ui/training/metric_chart.cpp" line="37" />
            <source>step</source>
            <translation>步数</translation>
        </message>
        <message>
            <location filename="../ui/training/metric_chart.cpp" line="171" />
            <source>%1, step %2: %3</source>
            <translation>%1，第 %2 步：%3</translation>
        </message>
    </context>
    <context>
        <name>wb::NewCollectionDialog</name>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="16" />
            <source>By tokens, with overlap</source>
            <translation>按词元，带重叠</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="17" />
            <source>By paragraph</source>
            <translation>按段落</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="18" />
            <source>By Markdown heading</source>
            <translation>按 Markdown 标题</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="19" />
            <source>By sentence</source>
            <translation>按句子</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="26" />
            <source>%1, up to %2 tokens</source>
            <translation>%1，最多 %2 个词元</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="28" />
            <source>, overlap %1</source>
            <translation>，重叠 %1</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="35" />
            <source>New Collection</source>
            <translation>新建集合</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="39" />
            <source>Name:</source>
            <translation>名称：</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="45" />
            <source>Chunking:</source>
            <translation>分块方式：</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="51" />
            <source>Chunk size (tokens):</source>
            <translation>分块大小（词元）：</translation>
        </message>
        <message>
            <location filename="../ui/knowledge/new_collection_dialog.cpp" line="56" />
            <source>Overlap (tokens):</source>
            <translation>重叠（词元）：</translation>
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
        <name>wb::NewRunDialog</name>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="55" />
            <source>%1 h</source>
            <translation>%1 小时</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="56" />
            <source>%1 min</source>
            <translation>%1 分钟</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="57" />
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="94" />
            <source>New Training Run</source>
            <translation>新建训练任务</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="133" />
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="136" />
            <source>&amp;Dataset:</source>
            <translation>数据集(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="141" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="146" />
            <source>&amp;Train split:</source>
            <translation>训练划分(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="147" />
            <source>&amp;Eval split:</source>
            <translation>评估划分(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="149" />
            <source>SFT: loss on replies</source>
            <translation>SFT：只在回答上计算损失</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="150" />
            <source>Pretraining: loss on every token</source>
            <translation>预训练：在每个词元上计算损失</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="151" />
            <source>&amp;Method:</source>
            <translation>方法(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="153" />
            <source>the model's</source>
            <translation>模型自带</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="155" />
            <source>Chat &amp;template:</source>
            <translation>对话模板(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="156" />
            <source>Also train on prompt tokens</source>
            <translation>同时训练提示词元</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="160" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="162" />
            <source>&amp;Hugging Face model folder</source>
            <translation>Hugging Face 模型文件夹(&amp;H)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="163" />
            <source>New model &amp;from scratch</source>
            <translation>从头新建模型(&amp;F)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="166" />
            <location filename="../ui/training/new_run_dialog.cpp" line="193" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="170" />
            <source>Folder:</source>
            <translation>文件夹：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="180" />
            <source>preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="181" />
            <source>width</source>
            <translation>宽度</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="183" />
            <source>layers</source>
            <translation>层数</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="185" />
            <source>heads</source>
            <translation>注意力头</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="187" />
            <source>Family:</source>
            <translation>模型系列：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="188" />
            <source>Preset:</source>
            <translation>预设：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="189" />
            <source>Shape:</source>
            <translation>结构：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="192" />
            <source>tokenizer.json</source>
            <translation>tokenizer.json</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="196" />
            <source>Tokenizer:</source>
            <translation>分词器：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="198" />
            <source>Train a Tokenizer on the Dataset</source>
            <translation>在数据集上训练分词器</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="200" />
            <source>vocabulary </source>
            <translation>词表 </translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="211" />
            <source>&amp;LoRA (otherwise full fine-tuning)</source>
            <translation>LoRA（否则为全参数微调）(&amp;L)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="219" />
            <source>default: q_proj v_proj (Llama), c_attn (GPT-2)</source>
            <translation>默认：q_proj v_proj（Llama），c_attn（GPT-2）</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="220" />
            <source>Rank:</source>
            <translation>秩：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="221" />
            <source>Alpha:</source>
            <translation>Alpha：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="222" />
            <source>Dropout:</source>
            <translation>Dropout：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="223" />
            <source>Target modules:</source>
            <translation>目标模块：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="230" />
            <source>&amp;Sequence length:</source>
            <translation>序列长度(&amp;S)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="232" />
            <source>&amp;Batch size:</source>
            <translation>批大小(&amp;B)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="234" />
            <source>Gradient accumulation:</source>
            <translation>梯度累积：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="236" />
            <source>&amp;Epochs:</source>
            <translation>轮数(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="238" />
            <source>from epochs</source>
            <translation>按轮数</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="239" />
            <source>Max steps:</source>
            <translation>最大步数：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="241" />
            <source>&amp;Learning rate:</source>
            <translation>学习率(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="244" />
            <source>Schedule:</source>
            <translation>调度：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="246" />
            <source>Warmup steps:</source>
            <translation>预热步数：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="248" />
            <source>Weight decay:</source>
            <translation>权重衰减：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="252" />
            <source>Precision:</source>
            <translation>精度：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="254" />
            <source>all cores</source>
            <translation>全部核心</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="255" />
            <source>Threads:</source>
            <translation>线程：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="257" />
            <source>at the end</source>
            <translation>结束时</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="258" />
            <source>Evaluate every:</source>
            <translation>评估间隔：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="260" />
            <source>when stopped</source>
            <translation>停止时</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="261" />
            <source>Checkpoint every:</source>
            <translation>检查点间隔：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="263" />
            <source>Seed:</source>
            <translation>随机种子：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="277" />
            <source>Token-mask preview (highlighted tokens are trained):</source>
            <translation>词元掩码预览（高亮的词元参与训练）：</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="296" />
            <source>&amp;Start Training</source>
            <translation>开始训练(&amp;S)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="298" />
            <source>&amp;Demo Defaults</source>
            <translation>演示默认值(&amp;D)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="299" />
            <source>A tiny Llama trained from scratch on the dataset in a few minutes on 2 cores</source>
            <translation>在 2 个核心上用几分钟从头训练一个微型 Llama</translation>
        </message>
        <message numerus="yes">
            <location filename="../ui/training/new_run_dialog.cpp" line="334" />
            <source>%1 (%2, %n record(s))</source>
            <translation>
                <numerusform>%1（%2，%n 条记录）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="349" />
            <source>The project has no datasets: import one first.</source>
            <translation>项目中没有数据集：请先导入一个。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="358" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="548" />
            <source>field "%1": not a number (got "%2")</source>
            <translation>字段“%1”：不是数字（得到“%2”）</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="555" />
            <source>field "lora": alpha and dropout must be numbers</source>
            <translation>字段“lora”：alpha 和 dropout 必须是数字</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="560" />
            <source>field "dataset": the project has no datasets</source>
            <translation>字段“dataset”：项目中没有数据集</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="564" />
            <source>field "model": choose a model folder</source>
            <translation>字段“model”：请选择模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="568" />
            <source>field "model.tokenizer": a new model needs a tokenizer: choose a tokenizer.json or train one</source>
            <translation>字段“model.tokenizer”：新模型需要分词器：请选择 tokenizer.json 或训练一个</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="577" />
            <source>Run folder: %1</source>
            <translation>任务文件夹：%1</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="610" />
            <location filename="../ui/training/new_run_dialog.cpp" line="749" />
            <source>Training the tokenizer…</source>
            <translation>正在训练分词器…</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="628" />
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="680" />
            <source>Fix the configuration to see the estimate.</source>
            <translation>修正配置后即可查看估算。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="686" />
            <source>%1 parameters (%2 trained); %3 train / %4 eval records.</source>
            <translation>%1 个参数（训练 %2 个）；训练 %3 条 / 评估 %4 条记录。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="689" />
            <source>Memory: about %1 (available now: %2).</source>
            <translation>内存：约 %1（当前可用：%2）。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="690" />
            <source>About %1 steps, %2 tokens, %3 FLOP per token: about %4, assuming %5 GFLOP/s (measured on 2 CPU cores; tiny models run far below the matmul peak).</source>
            <translation>约 %1 步，%2 个词元，每词元 %3 FLOP：约 %4，按 %5 GFLOP/s 估算（在 2 个 CPU 核心上测得；微型模型远低于矩阵乘法峰值）。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="695" />
            <source>Warning: %1</source>
            <translation>警告：%1</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="710" />
            <source>The configuration has not been checked yet.</source>
            <translation>配置尚未检查。</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="715" />
            <source>Cannot create the run folder %1</source>
            <translation>无法创建任务文件夹 %1</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="721" />
            <source>Cannot write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="756" />
            <source>Save Tokenizer</source>
            <translation>保存分词器</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="757" />
            <source>Tokenizer (*.json)</source>
            <translation>分词器 (*.json)</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="763" />
            <source>Model Folder</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="769" />
            <source>Tokenizer</source>
            <translation>分词器</translation>
        </message>
        <message>
            <location filename="../ui/training/new_run_dialog.cpp" line="770" />
            <source>Tokenizers (tokenizer.json *.json *.model);;All files (*)</source>
            <translation>分词器 (tokenizer.json *.json *.model);;所有文件 (*)</translation>
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
        <name>wb::RunListModel</name>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="45" />
            <source>%1 / %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="58" />
            <source>Run</source>
            <translation>任务</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="59" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="60" />
            <source>Step</source>
            <translation>步数</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="61" />
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="62" />
            <source>Eval loss</source>
            <translation>评估损失</translation>
        </message>
        <message>
            <location filename="../ui/training/run_list_model.cpp" line="63" />
            <source>Started</source>
            <translation>开始时间</translation>
        </message>
    </context>
    <context>
        <name>wb::RunWatcher</name>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="44" />
            <source>starting</source>
            <translation>启动中</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="45" />
            <source>queued</source>
            <translation>排队中</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="46" />
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="47" />
            <source>finished</source>
            <translation>已完成</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="48" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="49" />
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <location filename="../ui/training/run_watcher.cpp" line="50" />
            <source>killed</source>
            <translation>被终止</translation>
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
        <name>wb::SpanReason</name>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="14" />
            <source>number "%1" is not in the evidence</source>
            <translation>证据中没有数字“%1”</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="15" />
            <source>quoted term "%1" is not in the evidence</source>
            <translation>证据中没有引用的术语“%1”</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="16" />
            <source>name "%1" is not in the evidence</source>
            <translation>证据中没有名称“%1”</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="18" />
            <source>the words of "%1" are in the evidence, but not together</source>
            <translation>“%1”的各个词都在证据中，但没有连在一起</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="19" />
            <source>"%1" is not in the evidence</source>
            <translation>证据中没有“%1”</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="25" />
            <source>"%1": log-probability %2 with the evidence, %3 without</source>
            <translation>“%1”：有证据时对数概率为 %2，无证据时为 %3</translation>
        </message>
        <message>
            <location filename="../ui/inspector/span_reason.cpp" line="29" />
            <source>"%1": the evidence does not make it more likely</source>
            <translation>“%1”：证据没有提高它的概率</translation>
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
    <context>
        <name>wb::TrainingCharts</name>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="33" />
            <source>Train loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="34" />
            <source>Eval loss</source>
            <translation>评估损失</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="35" />
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="36" />
            <source>Gradient norm</source>
            <translation>梯度范数</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="37" />
            <source>Tokens/s</source>
            <translation>词元/秒</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="38" />
            <source>Memory (MB)</source>
            <translation>内存 (MB)</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="104" />
            <source>&amp;Smoothing:</source>
            <translation>平滑(&amp;S)：</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="105" />
            <source>Exponential moving average of the plotted values; hover a line for the raw value</source>
            <translation>对绘制的数值做指数移动平均；鼠标悬停在曲线上可查看原始值</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="106" />
            <source>&amp;Log scale</source>
            <translation>对数坐标(&amp;L)</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="107" />
            <source>Export &amp;PNG…</source>
            <translation>导出 PNG(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="108" />
            <source>Export &amp;CSV…</source>
            <translation>导出 CSV(&amp;C)…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="185" />
            <source>Cannot write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="195" />
            <source>Cannot write %1</source>
            <translation>无法写入 %1</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="203" />
            <location filename="../ui/training/training_charts.cpp" line="206" />
            <source>Export Metrics</source>
            <translation>导出指标</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="203" />
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="211" />
            <location filename="../ui/training/training_charts.cpp" line="214" />
            <source>Export Charts</source>
            <translation>导出图表</translation>
        </message>
        <message>
            <location filename="../ui/training/training_charts.cpp" line="211" />
            <source>PNG images (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
    </context>
    <context>
        <name>wb::TrainingPanel</name>
        <message>
            <location filename="../ui/training/job_launcher.cpp" line="27" />
            <source>The llmwb program was not found at %1 (set the LLMWB environment variable).</source>
            <translation>在 %1 未找到 llmwb 程序（请设置 LLMWB 环境变量）。</translation>
        </message>
        <message>
            <location filename="../ui/training/job_launcher.cpp" line="51" />
            <source>Cannot start %1: %2</source>
            <translation>无法启动 %1：%2</translation>
        </message>
        <message>
            <location filename="../ui/training/job_launcher.cpp" line="76" />
            <source>Cannot stop process %1: %2</source>
            <translation>无法停止进程 %1：%2</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="50" />
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="51" />
            <source>%1 min %2 s</source>
            <translation>%1 分 %2 秒</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="52" />
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="160" />
            <source>&amp;New Run…</source>
            <translation>新建任务(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="161" />
            <source>&amp;Open Run…</source>
            <translation>打开任务(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="162" />
            <source>Watch a run folder outside this project's runs folder</source>
            <translation>监视本项目 runs 文件夹之外的任务文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="163" />
            <source>&amp;Stop</source>
            <translation>停止(&amp;S)</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="164" />
            <source>Write a checkpoint and stop the run; Resume continues it exactly</source>
            <translation>写入检查点并停止任务；“继续”可精确接续</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="165" />
            <source>&amp;Resume</source>
            <translation>继续(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="166" />
            <source>Charts</source>
            <translation>图表</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="167" />
            <source>Log</source>
            <translation>日志</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="230" />
            <source>%1 is not a run folder (no status.json, config.json or run.json).</source>
            <translation>%1 不是任务文件夹（没有 status.json、config.json 或 run.json）。</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="241" />
            <source>Open Run Folder</source>
            <translation>打开任务文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="268" />
            <source>Training started in %1</source>
            <translation>训练已在 %1 中开始</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="276" />
            <source>The selected run is not running.</source>
            <translation>所选任务未在运行。</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="284" />
            <source>Stopping: writing a checkpoint…</source>
            <translation>正在停止：写入检查点…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="294" />
            <source>Only a stopped, killed or failed run can be resumed.</source>
            <translation>只有已停止、被终止或失败的任务可以继续。</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="302" />
            <source>Resuming…</source>
            <translation>正在继续…</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="328" />
            <source>No run selected. Start one with New Run, or from the command line with llmwb train.</source>
            <translation>未选择任务。可点击“新建任务”，或在命令行用 llmwb train 启动。</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="338" />
            <source>&lt;b&gt;%1&lt;/b&gt; (%2) — %3</source>
            <translation>&lt;b&gt;%1&lt;/b&gt;（%2）— %3</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="344" />
            <source>step %1 / %2</source>
            <translation>第 %1 / %2 步</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="347" />
            <source>ETA %1</source>
            <translation>预计剩余 %1</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="349" />
            <source>%1 tokens/s</source>
            <translation>%1 词元/秒</translation>
        </message>
        <message>
            <location filename="../ui/training/training_panel.cpp" line="354" />
            <source>The job's process (pid %1) is gone without ending the run: it was killed. Resume continues from the last checkpoint.</source>
            <translation>任务进程（pid %1）未结束任务就消失了：它被终止了。“继续”会从最近的检查点接续。</translation>
        </message>
    </context>
</TS>
