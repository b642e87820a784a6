/**
 * An AWS Region code, `us-east-1`, in any partition: the commercial one, China (`cn-north-1`), GovCloud
 * (`us-gov-west-1`) and the isolated ones (`us-iso-east-1`, `us-isob-east-1`). The one spelling every
 * boundary checks Regions with.
 */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
