import type { FaultInjector } from '../faults';
import type { ServiceName } from '../models';
import type { Principal, SimAccount, SimState } from '../state';

/** What an operation handler knows about the call besides its input. */
export interface CallContext {
  state: SimState;
  faults: FaultInjector;
  caller: Principal;
  /** The caller's account: the account whose IAM an IAM call acts on. */
  account: SimAccount;
  region: string;
  service: ServiceName;
  operation: string;
  requestId: string;
  now: Date;
}

/**
 * An operation: takes the input parsed per the model (shaped as the SDK's `<Op>Request`) and returns
 * the output object (shaped as `<Op>Response`), or throws SimError. `never` lets each handler declare
 * its own input type.
 */
export type Handler = (ctx: CallContext, input: never) => unknown;
export type Handlers = Record<string, Handler>;
