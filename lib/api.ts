/**
 * The HTTP API: JWT authorizer (issuer and audience from the stage config; scopes per auth kind),
 * CORS from config, a `$default` stage with throttling (the stage's default, and a route's own
 * where its row sets one) and JSON access logs, and the `$default` route that answers unmatched
 * requests with problem+json.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import type { StageConfig } from './config.ts';
import { corsRules } from './cors.ts';
import {
  AUTH,
  type AuthRule,
  fullPath,
  type Route,
  requiredScopes,
  type Throttle,
} from './routes.ts';

/** One JSON line per request; fields named as API Gateway's $context variables. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

export interface PaymentsApiProps {
  config: StageConfig;
  /** Answers every request no route matches (the `defaultRoute` row of lib/routes.ts). */
  defaultFunction: IFunction;
  /** The `$default` route's own throttle (the row's `throttle`). */
  defaultThrottle?: Throttle;
}

/**
 * RouteSettings of a stage: per route key, its throttle. CloudFormation's own property names: the
 * L1 property is untyped JSON, so CDK passes it through as written.
 */
type RouteSettings = Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;

/** The API Gateway HTTP API of the service. */
export class PaymentsApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly accessLogs: LogGroup;
  /** Route throttles, by route key, as the stage deploys them. */
  readonly routeThrottles: RouteSettings = {};
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: PaymentsApiProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    const cors = corsRules(config.corsAllowedOrigins);
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', config.jwtIssuer, {
      jwtAudience: config.jwtAudience,
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `FeexPay payments API (${config.stage})`,
      // The stage below is declared explicitly so it can carry throttling and access logs.
      createDefaultStage: false,
      // The local API Gateway applies the same rules (lib/cors.ts, local/cors.ts).
      corsPreflight: {
        allowOrigins: [...cors.allowOrigins],
        allowMethods: cors.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
      defaultIntegration: new HttpLambdaIntegration('NotFound', props.defaultFunction),
    });
    const defaultRoute = this.httpApi.node.tryFindChild('DefaultRoute');
    if (defaultRoute) {
      Validations.of(defaultRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The $default route only answers unmatched paths with a 404/405 problem+json; it reads no data and calls nothing.',
      });
    }
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as RetentionDays,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttlingRateLimit, burstLimit: config.throttlingBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    (this.stage.node.defaultChild as CfnStage).routeSettings = this.routeThrottles;
    if (defaultRoute && props.defaultThrottle) {
      this.throttleRoute('$default', props.defaultThrottle, defaultRoute);
    }
  }

  /**
   * Gives `routeKey` its own throttle, at most the stage's. The stage waits for the route: a
   * stage whose RouteSettings name a route key that does not exist yet fails to deploy.
   */
  private throttleRoute(routeKey: string, throttle: Throttle, route: IDependable): void {
    this.routeThrottles[routeKey] = {
      ThrottlingRateLimit: Math.min(throttle.rateLimit, this.config.throttlingRateLimit),
      ThrottlingBurstLimit: Math.min(throttle.burstLimit, this.config.throttlingBurstLimit),
    };
    this.stage.node.addDependency(route);
  }

  /** The API's base URL (`https://{id}.execute-api.{region}.amazonaws.com/`). */
  get url(): string {
    return this.stage.url;
  }

  /**
   * Adds a route-table row, behind the JWT authorizer (with its kind's scopes) when its auth kind
   * says so. API Gateway HTTP APIs match `/path/` to the `/path` route and refuse route keys that
   * end in `/`, so one route serves the path with and without the trailing slash.
   */
  addRoute(route: Route, fn: IFunction): HttpRoute[] {
    const rule: AuthRule = AUTH[route.auth];
    const { jwt } = rule;
    const scopes = requiredScopes(rule, {
      merchant: this.config.merchantScope,
      operator: this.config.operatorScope,
    });
    const routes = this.httpApi.addRoutes({
      path: fullPath(route),
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
      ...(jwt ? { authorizer: this.authorizer } : {}),
      ...(scopes.length > 0 ? { authorizationScopes: scopes } : {}),
    });
    if (route.throttle) {
      for (const httpRoute of routes) {
        this.throttleRoute(
          `${HttpMethod[route.method]} ${fullPath(route)}`,
          route.throttle,
          httpRoute,
        );
      }
    }
    if (!jwt) {
      for (const httpRoute of routes) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.id} has no authorizer by design (auth: '${route.auth}' in lib/routes.ts): it serves public data or, for the FeexPay webhook, checks its own URL token in constant time and treats the payload only as a hint to re-query FeexPay.`,
        });
      }
    }
    return routes;
  }
}
