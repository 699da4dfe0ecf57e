/** Which service an operation addresses. */
export interface ServiceRef {
  readonly project: string;
  readonly service: string;
}

/** Which service user an operation addresses. */
export interface UserRef extends ServiceRef {
  readonly username: string;
}

/** The path parameters of a service, as the document names them. */
export const serviceParams = (ref: ServiceRef) => ({ project: ref.project, service_name: ref.service });

export const userParams = (ref: UserRef) => ({ ...serviceParams(ref), service_username: ref.username });
