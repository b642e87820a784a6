import type { ServiceModel } from './models';

/**
 * An AWS error answer. The HTTP status and fault side come from the service model's error shape
 * for `code`; codes the models do not declare (common errors such as `Throttling`) come from
 * COMMON_ERRORS, and `status` overrides both.
 */
export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { status?: number; fields?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** Errors every AWS service may answer, absent from the per-service models. */
const COMMON_ERRORS: Record<string, { status: number; sender: boolean }> = {
  AccessDenied: { status: 403, sender: true },
  IncompleteSignature: { status: 400, sender: true },
  InternalFailure: { status: 500, sender: false },
  InternalError: { status: 500, sender: false },
  InvalidAction: { status: 400, sender: true },
  InvalidArgument: { status: 400, sender: true },
  InvalidClientTokenId: { status: 403, sender: true },
  InvalidParameterValue: { status: 400, sender: true },
  MalformedQueryString: { status: 404, sender: true },
  MethodNotAllowed: { status: 405, sender: true },
  MissingAction: { status: 400, sender: true },
  MissingAuthenticationToken: { status: 403, sender: true },
  NotImplemented: { status: 501, sender: false },
  ServiceUnavailable: { status: 503, sender: false },
  SlowDown: { status: 503, sender: false },
  Throttling: { status: 400, sender: true },
  UnknownOperationException: { status: 400, sender: true },
  ValidationError: { status: 400, sender: true },
};

export interface ResolvedError {
  code: string;
  message: string;
  status: number;
  sender: boolean;
  fields: Record<string, string>;
}

export function resolveError(model: ServiceModel | undefined, error: SimError): ResolvedError {
  const declared = model?.errors.get(error.code);
  const common = COMMON_ERRORS[error.code];
  const status = error.options.status ?? declared?.httpStatusCode ?? common?.status ?? 400;
  const sender = declared?.senderFault ?? common?.sender ?? status < 500;
  return { code: error.code, message: error.message, status, sender, fields: error.options.fields ?? {} };
}
