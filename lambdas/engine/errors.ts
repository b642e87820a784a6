/**
 * The base of iam-sweep's named errors. Each names itself, spelled out because the bundles are minified
 * (a class's own name does not survive), and passes the error that led to it, if any, as `cause`.
 *
 * @example
 * export class UserGoneError extends SweepError {
 *   constructor(readonly userName: string) {
 *     super('UserGoneError', `user ${userName} no longer exists`);
 *   }
 * }
 */
export abstract class SweepError extends Error {
  protected constructor(name: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
  }
}
