import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandEntries, commandModulesFor } from './index.js';

describe('the CLI loads only the command modules a command line needs', () => {
  it("each entry's words are exactly the top-level commands its module registers", async () => {
    for (const entry of commandEntries) {
      const program = new Command('roilens');
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name()).sort(), entry.words.join(',')).toEqual([...entry.words].sort());
    }
  });

  it('a known first word loads its entries only (partners: the group and the ledger money commands); help, a typo or a leading option value load all', async () => {
    const registered = async (argv: string[]) => {
      const program = new Command('roilens');
      for (const mod of await commandModulesFor(argv)) mod.register(program);
      return program.commands.map((c) => c.name());
    };
    expect(await registered(['kpi', '--from', '2026-01-01'])).toEqual(['kpi']);
    expect(await registered(['partners', 'leaderboard'])).toEqual(['partners', 'orders', 'payouts']);
    const all = commandEntries.flatMap((e) => e.words);
    for (const argv of [[], ['--help'], ['help', 'kpi'], ['kpis'], ['--workspace', 'w1', 'kpi']]) expect(new Set(await registered(argv))).toEqual(new Set(all));
  });
});
