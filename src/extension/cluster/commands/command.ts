import type { ClusterServices } from '../services';

/** One command: its id (as in package.json) and a handler that gets the services and VS Code's arguments. */
export interface ClusterCommand {
  id: string;
  run(services: ClusterServices, ...args: unknown[]): unknown;
}
