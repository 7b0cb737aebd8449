/**
 * The layering rule (issue 9), run by `npm run lint` in CI. Layers point one way:
 *
 *   domain (sim/domain, sim/history, sim/text)
 *     ← core: the reference model (sim/model) and the platform engine (server/engine), never each
 *       other; world, scenario, traffic, check, explain; the built-in scenarios (scenarios/*.ts)
 *     ← run (sim/run: the coordinator, which sees the platform only through its RunPlatform and
 *       TargetDefinition ports)
 *     ← adapters: sim/targets (HTTP targets, the in-process platform), server/ (the Hono platform),
 *       workers/, sim/report and sim/fixtures (files), scenarios/k6
 *     ← CLI (sim/cli, sim/index.ts: the package's public API)
 *
 * Both engines reuse names (IdLedger, Outcome, WindowChain, accepted, rejected): the model/engine
 * rules are what keep an editor's auto-import from crossing over and the check from checking itself.
 */
const DOMAIN = '^sim/(domain|history|text)/';
const CORE = '^(sim/(model|world|scenario|traffic|check|explain)/|server/engine/|scenarios/[^/]+\\.ts$)';
const RUN = '^sim/run/';
const ADAPTERS = '^(sim/(targets|report|fixtures)/|server/(?!engine/)|workers/|scenarios/k6/)';
const CLI = '^(sim/cli/|sim/index\\.ts$|bin/)';

const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbid(
      'domain-imports-upward',
      'sim/domain, sim/history and sim/text are the bottom layer: they import no other folder of ours',
      { path: DOMAIN },
      { path: `${CORE}|${RUN}|${ADAPTERS}|${CLI}` },
    ),
    forbid(
      'core-imports-upward',
      'the pure core (model, engine, world, scenario, traffic, check, explain) never imports the run, an adapter or the CLI',
      { path: CORE },
      { path: `${RUN}|${ADAPTERS}|${CLI}` },
    ),
    forbid(
      'run-imports-upward',
      'sim/run sees a platform only through its ports: it never imports an adapter (sim/targets, server/, report, fixtures, workers, k6) or the CLI',
      { path: RUN },
      { path: `${ADAPTERS}|${CLI}` },
    ),
    forbid('adapter-imports-cli', 'adapters never import the CLI', { path: ADAPTERS }, { path: CLI }),
    forbid(
      'model-imports-server',
      'sim/model is the independent reference: it never imports server/',
      { path: '^sim/model/' },
      { path: '^server/' },
    ),
    forbid(
      'server-imports-model',
      'server/ never imports sim/model: the platform engine is a second, independent implementation',
      { path: '^server/' },
      { path: '^sim/model/' },
    ),
    forbid(
      'model-imports-core',
      'sim/model imports only the domain (types, policy, instants)',
      { path: '^sim/model/' },
      { path: '^(sim/(?!model/|domain/)|server/|scenarios/|workers/)' },
    ),
    forbid(
      'engine-imports-sim',
      'server/engine imports only the domain of sim/ (types and policy)',
      { path: '^server/engine/' },
      { path: '^(sim/(?!domain/)|scenarios/|workers/|server/(?!engine/))' },
    ),
    forbid(
      'server-imports-sim',
      'server/ shares only the domain and the history format with sim/',
      { path: '^server/' },
      { path: '^(sim/(?!domain/|history/)|scenarios/|workers/)' },
    ),
    forbid(
      'only-targets-reach-the-platform',
      'server/ is reached from sim/ only through sim/targets/in-process-platform.ts (and the CLI, which starts it)',
      { path: '^(sim/(?!cli/|targets/in-process-platform\\.ts$)|workers/|scenarios/)' },
      { path: '^server/' },
    ),
    forbid(
      'private-file-from-another-folder',
      'a _name.ts file is private to its folder (STYLE.md): import it only from a sibling',
      { path: '^(.+)/[^/]+$' },
      { path: '/_[^/]+$', pathNot: '^$1/[^/]+$' },
    ),
    {
      name: 'folder-cycle',
      comment: 'folders form a hierarchy: no cycle between them',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-cycle',
      comment: 'no import cycle between modules',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that does not resolve',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(sim|server|scenarios|workers|bin)/',
    exclude: { path: '^(dist|node_modules|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'module', 'main'],
    },
  },
};
