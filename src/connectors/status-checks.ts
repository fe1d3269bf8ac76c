import type { CheckProvider } from '../status/types.js';

export const connectionChecks: CheckProvider = {
  order: 10,
  async run(ctx) {
    if (!ctx.loaded) {
      return [
        { id: 'connections', label: 'Connections', status: 'skip', message: 'skipped (ktx.yaml is invalid)' },
      ];
    }
    const entries = Object.entries(ctx.loaded.config.connections);
    if (entries.length === 0) {
      return [
        {
          id: 'connections',
          label: 'Connections',
          status: 'warn',
          message: 'none configured',
          fix: 'Add a warehouse: `ktx connection add <id> --driver postgres|mysql|sqlite|duckdb …` (or try `ktx demo`).',
        },
      ];
    }
    return [
      {
        id: 'connections',
        label: 'Connections',
        status: 'ok',
        message: entries.map(([id, conn]) => `${id} (${conn.driver})`).join(', '),
        details: { connections: entries.map(([id, conn]) => ({ id, driver: conn.driver })) },
      },
    ];
  },
};
