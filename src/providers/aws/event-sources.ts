/**
 * CloudTrail `eventSource` per collector service. An event name alone is ambiguous — `CreatePolicy`
 * is IAM's and Organizations', `CreateCluster` ECS's and EKS's, `TagResource` a dozen services' —
 * so a collector's triggers are matched by (eventSource, eventName). Most services log as
 * `<service>.amazonaws.com`; the exceptions are listed here.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  accessanalyzer: 'access-analyzer.amazonaws.com',
  apigatewayv2: 'apigateway.amazonaws.com',
  cloudwatch: 'monitoring.amazonaws.com',
  efs: 'elasticfilesystem.amazonaws.com',
  elb: 'elasticloadbalancing.amazonaws.com',
  elbv2: 'elasticloadbalancing.amazonaws.com',
  eventbridge: 'events.amazonaws.com',
  sfn: 'states.amazonaws.com',
};

export function eventSourceOf(service: string): string {
  return EXCEPTIONS[service] ?? `${service}.amazonaws.com`;
}

/**
 * A collector's trigger as the (eventSource, eventName) pair it matches. A bare name
 * (`CreateSecurityGroup`) is an event of the collector's own service; a qualified one
 * (`ec2.amazonaws.com:ModifyInstanceAttribute`) names another service's event.
 */
export function parseTrigger(trigger: string, service: string): { source: string; name: string } {
  const i = trigger.lastIndexOf(':');
  if (i > 0) return { source: trigger.slice(0, i), name: trigger.slice(i + 1) };
  return { source: eventSourceOf(service), name: trigger };
}
