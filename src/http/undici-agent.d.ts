// undici's package has no `exports` map, so its files can be imported one by one. The engine needs
// only the Agent: importing it alone skips evaluating the rest of the package (fetch, WebSocket,
// caches, cookies), about 45 ms of every start-up. The class is the package's own `Agent`.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';

  const AgentClass: typeof Agent;
  export default AgentClass;
}
