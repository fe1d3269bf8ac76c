import { KtxError } from '../core/errors.js';
import type { Prompter } from '../llm/setup/interactive.js';

/**
 * The interactive Prompter on @clack/prompts, drawn on stderr so stdout stays for results.
 * Escape or Ctrl+C cancels the whole command (exit 130) and nothing is written.
 */
export async function clackPrompter(): Promise<Prompter> {
  const clack = await import('@clack/prompts');
  const output = process.stderr;
  const unwrap = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) {
      clack.cancel('Setup cancelled; nothing was written.', { output });
      throw new KtxError('cancelled', 'Cancelled.', { exitCode: 130 });
    }
    return value as Exclude<T, symbol>;
  };
  return {
    async select(message, choices, initial) {
      return unwrap(
        await clack.select({
          message,
          options: choices.map((choice) => ({
            value: choice.value,
            label: choice.label,
            hint: choice.hint,
          })) as never,
          initialValue: initial,
          output,
        }),
      ) as never;
    },
    async multiselect(message, choices, required = false) {
      return unwrap(
        await clack.multiselect({
          message,
          options: choices.map((choice) => ({
            value: choice.value,
            label: choice.label,
            hint: choice.hint,
          })) as never,
          required,
          output,
        }),
      ) as never;
    },
    async text(message, options = {}) {
      return unwrap(
        await clack.text({
          message,
          initialValue: options.initial,
          placeholder: options.placeholder,
          validate: options.validate ? (value) => options.validate!(value ?? '') : undefined,
          output,
        }),
      );
    },
    async password(message) {
      return unwrap(
        await clack.password({
          message,
          validate: (value) => (value?.trim() ? undefined : 'required'),
          output,
        }),
      );
    },
    async confirm(message, initial = true) {
      return unwrap(await clack.confirm({ message, initialValue: initial, output }));
    },
    note(message) {
      clack.log.info(message, { output });
    },
    spinner() {
      const spin = clack.spinner({ output });
      return { start: (message) => spin.start(message), stop: (message) => spin.stop(message) };
    },
  };
}
