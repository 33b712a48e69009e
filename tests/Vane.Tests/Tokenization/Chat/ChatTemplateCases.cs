namespace Vane.Tests.Tokenization.Chat;

/// <summary>
/// Chat templates of common model families (as published in their tokenizer_config.json) and
/// what the Jinja template renders (Python jinja2, trim_blocks and lstrip_blocks as Hugging
/// Face sets them) for system+user+assistant+user with a generation prompt, for the same
/// without the system message, and for one user message without a generation prompt.
/// </summary>
internal static class ChatTemplateCases
{
    public const string Qwen25Template =
        "{%- if tools %}\n    {{- '<|im_start|>system\\n' }}\n" +
        "    {%- if messages[0]['role'] == 'system' %}\n" +
        "        {{- messages[0]['content'] }}\n    {%- else %}\n" +
        "        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistan" +
        "t.' }}\n    {%- endif %}\n    {{- \"\\n\\n# Tools\\n\\nYou may call one or more" +
        " functions to assist with the user query.\\n\\nYou are provided with function s" +
        "ignatures within <tools></tools> XML tags:\\n<tools>\" }}\n" +
        "    {%- for tool in tools %}\n        {{- \"\\n\" }}\n" +
        "        {{- tool | tojson }}\n    {%- endfor %}\n" +
        "    {{- \"\\n</tools>\\n\\nFor each function call, return a json object with fu" +
        "nction name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call" +
        ">\\n{\\\"name\\\": <function-name>, \\\"arguments\\\": <args-json-object>}\\n</" +
        "tool_call><|im_end|>\\n\" }}\n{%- else %}\n    {%- if messages[0]['role'] == 's" +
        "ystem' %}\n        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im" +
        "_end|>\\n' }}\n    {%- else %}\n        {{- '<|im_start|>system\\nYou are Qwen," +
        " created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}\n" +
        "    {%- endif %}\n{%- endif %}\n{%- for message in messages %}\n" +
        "    {%- if (message.role == \"user\") or (message.role == \"system\" and not lo" +
        "op.first) or (message.role == \"assistant\" and not message.tool_calls) %}\n" +
        "        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end" +
        "|>' + '\\n' }}\n    {%- elif message.role == \"assistant\" %}\n" +
        "        {{- '<|im_start|>' + message.role }}\n" +
        "        {%- if message.content %}\n            {{- '\\n' + message.content }}\n" +
        "        {%- endif %}\n        {%- for tool_call in message.tool_calls %}\n" +
        "            {%- if tool_call.function is defined %}\n" +
        "                {%- set tool_call = tool_call.function %}\n" +
        "            {%- endif %}\n            {{- '\\n<tool_call>\\n{\"name\": \"' }}\n" +
        "            {{- tool_call.name }}\n            {{- '\", \"arguments\": ' }}\n" +
        "            {{- tool_call.arguments | tojson }}\n" +
        "            {{- '}\\n</tool_call>' }}\n        {%- endfor %}\n" +
        "        {{- '<|im_end|>\\n' }}\n    {%- elif message.role == \"tool\" %}\n" +
        "        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != \"tool\"" +
        ") %}\n            {{- '<|im_start|>user' }}\n" +
        "        {%- endif %}\n        {{- '\\n<tool_response>\\n' }}\n" +
        "        {{- message.content }}\n        {{- '\\n</tool_response>' }}\n" +
        "        {%- if loop.last or (messages[loop.index0 + 1].role != \"tool\") %}\n" +
        "            {{- '<|im_end|>\\n' }}\n        {%- endif %}\n" +
        "    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n" +
        "    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n";

    public const string SmolLM2Template =
        "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'syste" +
        "m' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, train" +
        "ed by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role']" +
        " + '\n' + message['content'] + '<|im_end|>' + '\n" +
        "'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n" +
        "' }}{% endif %}";

    public const string Llama3Template =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set cont" +
        "ent = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n" +
        "\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set" +
        " content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_" +
        "generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n" +
        "\n' }}{% endif %}";

    public const string Llama32Template =
        "{{- bos_token }}\n{%- if custom_tools is defined %}\n" +
        "    {%- set tools = custom_tools %}\n{%- endif %}\n" +
        "{%- if not tools_in_user_message is defined %}\n" +
        "    {%- set tools_in_user_message = true %}\n" +
        "{%- endif %}\n{%- if not date_string is defined %}\n" +
        "    {%- if strftime_now is defined %}\n        {%- set date_string = strftime_n" +
        "ow(\"%d %b %Y\") %}\n    {%- else %}\n        {%- set date_string = \"26 Jul 20" +
        "24\" %}\n    {%- endif %}\n{%- endif %}\n{%- if not tools is defined %}\n" +
        "    {%- set tools = none %}\n{%- endif %}\n" +
        "\n{#- This block extracts the system message, so we can slot it into the right " +
        "place. #}\n{%- if messages[0]['role'] == 'system' %}\n" +
        "    {%- set system_message = messages[0]['content']|trim %}\n" +
        "    {%- set messages = messages[1:] %}\n{%- else %}\n" +
        "    {%- set system_message = \"\" %}\n{%- endif %}\n" +
        "\n{#- System message #}\n{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n" +
        "\" }}\n{%- if tools is not none %}\n    {{- \"Environment: ipython\\n\" }}\n" +
        "{%- endif %}\n{{- \"Cutting Knowledge Date: December 2023\\n\" }}\n" +
        "{{- \"Today Date: \" + date_string + \"\\n\\n\" }}\n" +
        "{%- if tools is not none and not tools_in_user_message %}\n" +
        "    {{- \"You have access to the following functions. To call a function, pleas" +
        "e respond with JSON for a function call.\" }}\n" +
        "    {{- 'Respond in the format {\"name\": function name, \"parameters\": dictio" +
        "nary of argument name and its value}.' }}\n" +
        "    {{- \"Do not use variables.\\n\\n\" }}\n    {%- for t in tools %}\n" +
        "        {{- t | tojson(indent=4) }}\n        {{- \"\\n\\n\" }}\n" +
        "    {%- endfor %}\n{%- endif %}\n{{- system_message }}\n" +
        "{{- \"<|eot_id|>\" }}\n\n{#- Custom tools are passed in a user message with som" +
        "e extra guidance #}\n{%- if tools_in_user_message and not tools is none %}\n" +
        "    {#- Extract the first user message so we can plug it in here #}\n" +
        "    {%- if messages | length != 0 %}\n        {%- set first_user_message = mess" +
        "ages[0]['content']|trim %}\n        {%- set messages = messages[1:] %}\n" +
        "    {%- else %}\n        {{- raise_exception(\"Cannot put tools in the first us" +
        "er message when there's no first user message!\") }}\n" +
        "{%- endif %}\n    {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}\n" +
        "    {{- \"Given the following functions, please respond with a JSON for a funct" +
        "ion call \" }}\n    {{- \"with its proper arguments that best answers the given" +
        " prompt.\\n\\n\" }}\n    {{- 'Respond in the format {\"name\": function name, \"" +
        "parameters\": dictionary of argument name and its value}.' }}\n" +
        "    {{- \"Do not use variables.\\n\\n\" }}\n    {%- for t in tools %}\n" +
        "        {{- t | tojson(indent=4) }}\n        {{- \"\\n\\n\" }}\n" +
        "    {%- endfor %}\n    {{- first_user_message + \"<|eot_id|>\"}}\n" +
        "{%- endif %}\n\n{%- for message in messages %}\n" +
        "    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_ca" +
        "lls' in message) %}\n        {{- '<|start_header_id|>' + message['role'] + '<|e" +
        "nd_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}\n" +
        "    {%- elif 'tool_calls' in message %}\n        {%- if not message.tool_calls|" +
        "length == 1 %}\n            {{- raise_exception(\"This model only supports sing" +
        "le tool-calls at once!\") }}\n        {%- endif %}\n" +
        "        {%- set tool_call = message.tool_calls[0].function %}\n" +
        "        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}\n" +
        "        {{- '{\"name\": \"' + tool_call.name + '\", ' }}\n" +
        "        {{- '\"parameters\": ' }}\n        {{- tool_call.arguments | tojson }}\n" +
        "        {{- \"}\" }}\n        {{- \"<|eot_id|>\" }}\n" +
        "    {%- elif message.role == \"tool\" or message.role == \"ipython\" %}\n" +
        "        {{- \"<|start_header_id|>ipython<|end_header_id|>\\n\\n\" }}\n" +
        "        {%- if message.content is mapping or message.content is iterable %}\n" +
        "            {{- message.content | tojson }}\n" +
        "        {%- else %}\n            {{- message.content }}\n" +
        "        {%- endif %}\n        {{- \"<|eot_id|>\" }}\n" +
        "    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n" +
        "    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}\n" +
        "{%- endif %}\n";

    public const string Llama2Template =
        "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{" +
        "% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages " +
        "= messages %}{% set system_message = false %}{% endif %}{% for message in loop_" +
        "messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ rai" +
        "se_exception('Conversation roles must alternate user/assistant/user/assistant/." +
        "..') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set c" +
        "ontent = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content" +
        "'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['" +
        "role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{%" +
        " elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_to" +
        "ken }}{% endif %}{% endfor %}";

    public const string TinyLlamaTemplate =
        "{% for message in messages %}\n{% if message['role'] == 'user' %}\n" +
        "{{ '<|user|>\n' + message['content'] + eos_token }}\n" +
        "{% elif message['role'] == 'system' %}\n{{ '<|system|>\n" +
        "' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %" +
        "}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n" +
        "{% endif %}\n{% if loop.last and add_generation_prompt %}\n" +
        "{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

    /// <summary>Name, template, BOS text, EOS text, three expected renderings.</summary>
    public static readonly
        (string Name, string Template, string? Bos, string? Eos, string Full, string NoSystem, string OneUser)[]
        All =
    [
        ("Qwen2.5", Qwen25Template, null, "<|im_end|>",
            "<|im_start|>system\nYou are terse.<|im_end|>\n" +
            "<|im_start|>user\nHi there!<|im_end|>\n<|im_start|>assistant\n" +
            "Hello. <|im_end|>\n<|im_start|>user\n What is 2+2?\n" +
            "Think.<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful a" +
            "ssistant.<|im_end|>\n<|im_start|>user\nHi there!<|im_end|>\n" +
            "<|im_start|>assistant\nHello. <|im_end|>\n<|im_start|>user\n" +
            " What is 2+2?\nThink.<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful a" +
            "ssistant.<|im_end|>\n<|im_start|>user\nHi there!<|im_end|>\n"),
        ("SmolLM2", SmolLM2Template, "<|im_start|>", "<|im_end|>",
            "<|im_start|>system\nYou are terse.<|im_end|>\n" +
            "<|im_start|>user\nHi there!<|im_end|>\n<|im_start|>assistant\n" +
            "Hello. <|im_end|>\n<|im_start|>user\n What is 2+2?\n" +
            "Think.<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hug" +
            "ging Face<|im_end|>\n<|im_start|>user\nHi there!<|im_end|>\n" +
            "<|im_start|>assistant\nHello. <|im_end|>\n<|im_start|>user\n" +
            " What is 2+2?\nThink.<|im_end|>\n<|im_start|>assistant\n",
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hug" +
            "ging Face<|im_end|>\n<|im_start|>user\nHi there!<|im_end|>\n"),
        ("Llama3", Llama3Template, "<|begin_of_text|>", "<|eot_id|>",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
            "\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\nHello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nWhat is 2+2?\nThink.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n",
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\nHello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nWhat is 2+2?\nThink.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n",
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|>"),
        ("Llama3.2", Llama32Template, "<|begin_of_text|>", "<|eot_id|>",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
            "\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n" +
            "\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\nHello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nWhat is 2+2?\nThink.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
            "\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n" +
            "\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\nHello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nWhat is 2+2?\nThink.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
            "\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n" +
            "\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\nHi there!<|eot_id|>"),
        ("Llama2", Llama2Template, "<s>", "</s>",
            "<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n" +
            "\nHi there! [/INST] Hello. </s><s>[INST] What is 2+2?\n" +
            "Think. [/INST]",
            "<s>[INST] Hi there! [/INST] Hello. </s><s>[INST] What is 2+2?\n" +
            "Think. [/INST]",
            "<s>[INST] Hi there! [/INST]"),
        ("TinyLlama", TinyLlamaTemplate, "<s>", "</s>",
            "<|system|>\nYou are terse.</s>\n<|user|>\nHi there!</s>\n" +
            "<|assistant|>\nHello. </s>\n<|user|>\n What is 2+2?\n" +
            "Think.</s>\n<|assistant|>\n",
            "<|user|>\nHi there!</s>\n<|assistant|>\nHello. </s>\n" +
            "<|user|>\n What is 2+2?\nThink.</s>\n<|assistant|>\n",
            "<|user|>\nHi there!</s>\n"),
    ];
}
