#!/usr/bin/python3
"""Renders one conversation through the real Hugging Face chat templates
(Jinja, as shipped in each model's tokenizer_config.json) with Debian's
python3-jinja2, and writes the exact prompt text each template produces.
tests/core/tst_chat_template.cpp compares core/infer/chat_template.cpp with
these files. Alpaca and Vicuna have no Jinja original; their expected files
(alpaca.txt, vicuna.txt) are written by hand from the Stanford Alpaca and
FastChat v1.1 formats and are not touched here.

Run: /usr/bin/python3 tests/data/chat_templates/make_template_fixtures.py
"""
import json
import os

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))

# Qwen2-7B-Instruct
CHATML = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
          "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
          "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
          "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
# Meta-Llama-3-8B-Instruct
LLAMA3 = ("{% set loop_messages = messages %}{% for message in loop_messages %}"
          "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
          "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
          "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
          "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}")
# Llama-2-7b-chat-hf
LLAMA2 = ("{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
          "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
          "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
          "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
          "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
          "{% if loop.index0 == 0 and system_message != false %}"
          "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
          "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
          "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
          "{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}")

CONVERSATION = [
    {"role": "system", "content": "You are a geoscience assistant. 你是地球科学助手。"},
    {"role": "user", "content": "What is the Moho?"},
    {"role": "assistant", "content": "The boundary between the crust and the mantle."},
    {"role": "user", "content": "莫霍面有多深？"},
]


def main():
    env = jinja2.Environment()
    for name, text, bos, eos in [("chatml", CHATML, "", "<|im_end|>"),
                                 ("llama3", LLAMA3, "<|begin_of_text|>", "<|eot_id|>"),
                                 ("llama2", LLAMA2, "<s>", "</s>")]:
        out = env.from_string(text).render(messages=CONVERSATION, add_generation_prompt=True,
                                           bos_token=bos, eos_token=eos)
        with open(os.path.join(HERE, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(out)
        with open(os.path.join(HERE, name + "_tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump({"bos_token": bos or None, "eos_token": eos, "chat_template": text}, f, indent=2,
                      ensure_ascii=False)
            f.write("\n")
    with open(os.path.join(HERE, "conversation.json"), "w", encoding="utf-8") as f:
        json.dump(CONVERSATION, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
