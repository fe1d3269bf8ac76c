import type { ChatMessage } from '../../types.js';

/**
 * Agent hosts take one prompt per run, not a message list. A one-message call is sent as it
 * is; a longer conversation (the runtime's structured-output repair) is replayed as a
 * transcript, so the model sees its earlier answer and what to do now.
 */
export function singlePrompt(messages: readonly ChatMessage[]): string {
  if (messages.length === 1) return messages[0]!.content;
  const earlier = messages
    .slice(0, -1)
    .map((message) => `<${message.role}>\n${message.content}\n</${message.role}>`);
  return [
    'The conversation so far:',
    '',
    ...earlier,
    '',
    'Now answer this last message:',
    '',
    messages.at(-1)!.content,
  ].join('\n');
}

/** Stable-first system sections, joined the way the API backends send them (one block each). */
export function systemText(sections: readonly string[]): string {
  return sections.filter((section) => section.trim()).join('\n\n');
}
