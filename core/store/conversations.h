#pragma once
// Chat conversations stored in the project file (schema version 3): each
// conversation is a tree of messages. A message's children are the turns that
// follow it; siblings (same parent, NULL parent for the first turn) are the
// alternatives made by regenerate, edit-and-resend or a second model answering
// side by side, paged through in creation order. Also the model folders
// registered in the project with their per-model sampling settings, and the
// conversion of chat replies into dataset records (SFT, preference pairs).
// Qt-free. Uses the ProjectStore's connection, so it lives on that store's
// thread and must not outlive it.
#include "core/data/record.h"
#include "core/store/project_store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct Conversation {
    int64_t id = 0;
    std::string title;
    std::string systemPrompt;
    int64_t created = 0;   // unix milliseconds
    int64_t updated = 0;   // last change of the conversation or one of its messages
};

struct StoredMessage {
    int64_t id = 0;
    int64_t conversationId = 0;
    int64_t parentId = 0;      // 0 = first turn (NULL in the table)
    std::string role;          // "system" | "user" | "assistant"
    std::string content;
    std::string model;         // model folder that wrote an assistant reply ("" for user turns)
    std::string statsJson;     // generation stats of an assistant reply ("" when none)
    int64_t created = 0;
};

struct RegisteredModel {
    int64_t id = 0;
    std::string name;          // shown in pickers (the folder name by default)
    std::string path;          // model folder, unique
    int64_t added = 0;
    std::string samplingJson;  // per-model chat settings, JSON object text ("" = defaults)
};

class ConversationStore {
public:
    explicit ConversationStore(ProjectStore& store);
    ~ConversationStore();
    ConversationStore(const ConversationStore&) = delete;
    ConversationStore& operator=(const ConversationStore&) = delete;

    // ---- conversations (unknown ids throw wb::Error naming the id)
    int64_t createConversation(const std::string& title, const std::string& systemPrompt = {});
    std::vector<Conversation> conversations();            // most recently updated first
    std::optional<Conversation> conversation(int64_t id);
    void renameConversation(int64_t id, const std::string& title);
    void setSystemPrompt(int64_t id, const std::string& systemPrompt);
    void deleteConversation(int64_t id);                   // its messages go with it

    // ---- messages
    // Appends a message under m.parentId (0 = a first turn) and returns its id.
    // Throws for an unknown conversation, a parent in another conversation, or
    // a role other than system/user/assistant.
    int64_t addMessage(const StoredMessage& m);
    std::optional<StoredMessage> message(int64_t id);
    // Replace content and stats (a streamed reply being finished).
    void updateMessage(int64_t id, const std::string& content, const std::string& statsJson);
    void deleteMessage(int64_t id);                        // and every message below it
    std::vector<StoredMessage> children(int64_t conversationId, int64_t parentId);   // in creation order
    // The message and its alternatives (same parent), in creation order.
    std::vector<StoredMessage> siblings(int64_t messageId);
    // The branch from the first turn down to `leafId`, inclusive.
    std::vector<StoredMessage> branch(int64_t leafId);
    // Follows the newest child from `fromId` (0 = the newest first turn) down
    // to a message without children. Returns fromId when it has none, 0 for an
    // empty conversation.
    int64_t latestLeaf(int64_t conversationId, int64_t fromId = 0);
    int64_t messageCount(int64_t conversationId);

    // ---- models registered in the project
    // Registers a model folder (or returns the id it already has).
    int64_t addModel(const std::string& name, const std::string& path);
    std::vector<RegisteredModel> models();                 // in the order added
    std::optional<RegisteredModel> modelByPath(const std::string& path);
    void setModelSampling(int64_t id, const std::string& samplingJson);
    void removeModel(int64_t id);

    // ---- chat replies as dataset records
    // The exchange that ends with assistant reply `replyId`: instruction = the
    // user turn it answers, output = the reply, system = the conversation's
    // system prompt, extra = {"model": ...}.
    Record exchangeAsSft(int64_t replyId);
    // Two assistant replies to the same prompt (siblings, or side-by-side
    // replies in two branches whose user turns have the same text) as a
    // preference pair: prompt = that user turn, chosen/rejected = the replies,
    // messages = the earlier turns of the chosen branch. Throws when either is
    // not an assistant reply or they answer different prompts.
    Record alternativesAsPreference(int64_t chosenId, int64_t rejectedId);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Inserts `records` into dataset `datasetId` as one edit group labelled
// `label` (one undo step), in one transaction: all or nothing. Each record's
// kind must match the dataset's. Returns the edit group id.
int64_t saveRecordsToDataset(ProjectStore& store, int64_t datasetId, std::vector<Record> records,
                             const std::string& label);

} // namespace wb
