import type { JsonObject } from '@itinerary/db-schema';
import type { Random } from './random.js';
import { LOG_LEVELS, REGIONS } from './vocabulary.js';

/** What a job's pod spec is made from. */
export interface PodSpecParts {
  team: string;
  app: string;
  region: string;
}

function version(random: Random): string {
  return `${random.int(1, 4)}.${random.int(0, 30)}.${random.int(0, 12)}`;
}

function resources(random: Random): JsonObject {
  const cpu = random.pick([100, 250, 500, 1000, 2000]);
  const memory = random.pick([128, 256, 512, 1024, 2048, 4096]);
  return {
    requests: { cpu: `${cpu}m`, memory: `${memory}Mi` },
    limits: { cpu: `${cpu * 2}m`, memory: `${memory * 2}Mi` },
  };
}

/**
 * A Kubernetes pod template of production size (about 1-2 KB as JSON): labels and
 * annotations, one main container with command, args, env (plain values and secret
 * references), resources and probes-free batch settings, sometimes a sidecar and tolerations.
 */
export function buildPodSpec(random: Random, { team, app, region }: PodSpecParts): JsonObject {
  const image = `registry.example.com/${team}/${app}:${version(random)}`;
  const env: JsonObject[] = [
    { name: 'LOG_LEVEL', value: random.pick(LOG_LEVELS) },
    { name: 'REGION', value: region },
    { name: 'BATCH_SIZE', value: String(random.pick([100, 500, 1000, 5000])) },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability:4317' },
    { name: 'DATABASE_HOST', value: `${team}-db.${region}.internal` },
    { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: `${team}-db`, key: 'password' } } },
  ];
  if (random.chance(0.5)) {
    env.push({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: `${app}-api`, key: 'token' } } });
  }
  if (random.chance(0.4)) env.push({ name: 'FEATURE_FLAGS', value: 'fast-path,parallel-io,strict-checks' });
  const containers: JsonObject[] = [
    {
      name: app,
      image,
      imagePullPolicy: 'IfNotPresent',
      command: [`/app/bin/${app}`],
      args: [
        `--region=${region}`,
        `--mode=${random.pick(['full', 'incremental', 'delta'])}`,
        '--log-format=json',
      ],
      env,
      resources: resources(random),
      volumeMounts: [{ name: 'scratch', mountPath: '/tmp/work' }],
    },
  ];
  if (random.chance(0.2)) {
    containers.push({
      name: 'cloud-sql-proxy',
      image: `gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.${random.int(0, 14)}.0`,
      args: ['--structured-logs', '--port=5432', `${team}-project:${region}:${team}-db`],
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    });
  }
  const spec: JsonObject = {
    restartPolicy: random.chance(0.8) ? 'OnFailure' : 'Never',
    serviceAccountName: `${team}-jobs`,
    activeDeadlineSeconds: random.pick([300, 900, 3600, 14_400]),
    containers,
    volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
    nodeSelector: { 'kubernetes.io/arch': 'amd64', pool: random.pick(['batch', 'general', 'spot']) },
  };
  if (random.chance(0.3)) {
    spec.tolerations = [{ key: 'spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' }];
  }
  return {
    metadata: {
      labels: {
        'app.kubernetes.io/name': app,
        'app.kubernetes.io/part-of': team,
        'app.kubernetes.io/managed-by': 'itinerary',
        team,
      },
      annotations: { 'itinerary.io/owner': `${team}@example.com`, 'itinerary.io/region': region },
    },
    spec,
  };
}

/** A region for a job. */
export function drawRegion(random: Random): string {
  return random.pick(REGIONS);
}
