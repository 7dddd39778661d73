/**
 * What Skywatch recognises as an application: conventional ports, package names (OS and language
 * package managers, SSM inventory), container image names, Lambda runtimes and words in AMI names
 * and tags. Port numbers are IANA/vendor defaults — facts, and only conventions, which is why a
 * port alone never gives more than medium confidence.
 */
export interface AppSpec {
  id: string;
  name: string;
  ports: number[];
  packages?: RegExp;
  images?: RegExp;
  runtime?: RegExp;
  /** Words in AMI names and tag values. */
  words?: RegExp;
}

export const APPS: readonly AppSpec[] = [
  {
    id: 'mongodb',
    name: 'MongoDB',
    ports: [27017, 27018, 27019],
    packages: /^(mongodb(-org)?(-server)?|mongod|mongodb-enterprise-server)$/i,
    images: /(^|\/)mongo(db)?([:@]|$)/i,
    words: /\bmongo(db)?\b/i,
  },
  {
    id: 'postgresql',
    name: 'PostgreSQL',
    ports: [5432],
    packages: /^(postgresql(\d+)?(-server)?(-\d+)?|postgres)$/i,
    images: /(^|\/)postgres(ql)?([:@]|$)/i,
    words: /\bpostgres(ql)?\b/i,
  },
  {
    id: 'mysql',
    name: 'MySQL / MariaDB',
    ports: [3306],
    packages: /^(mysql-server(-[\d.]+)?|mysql-community-server|mariadb-server(-[\d.]+)?)$/i,
    images: /(^|\/)(mysql|mariadb)([:@]|$)/i,
    words: /\b(mysql|mariadb)\b/i,
  },
  { id: 'redis', name: 'Redis', ports: [6379], packages: /^redis(-server)?$/i, images: /(^|\/)redis([:@]|$)/i, words: /\bredis\b/i },
  {
    id: 'elasticsearch',
    name: 'Elasticsearch / OpenSearch',
    ports: [9200, 9300],
    packages: /^(elasticsearch|opensearch)$/i,
    images: /(elasticsearch|opensearch)([:@]|$)/i,
    words: /\b(elasticsearch|opensearch|elk)\b/i,
  },
  { id: 'memcached', name: 'Memcached', ports: [11211], packages: /^memcached$/i, images: /(^|\/)memcached([:@]|$)/i },
  { id: 'kafka', name: 'Apache Kafka', ports: [9092], packages: /^kafka/i, images: /kafka([:@]|$)/i, words: /\bkafka\b/i },
  { id: 'rabbitmq', name: 'RabbitMQ', ports: [5672, 15672], packages: /^rabbitmq-server$/i, images: /(^|\/)rabbitmq([:@]|$)/i },
  { id: 'nginx', name: 'nginx', ports: [80, 443], packages: /^nginx(-core|-full)?$/i, images: /(^|\/)nginx([:@]|$)/i, words: /\bnginx\b/i },
  { id: 'apache-httpd', name: 'Apache HTTP Server', ports: [80, 443], packages: /^(apache2|httpd)$/i, images: /(^|\/)httpd([:@]|$)/i },
  { id: 'tomcat', name: 'Apache Tomcat', ports: [8080], packages: /^tomcat\d*$/i, images: /(^|\/)tomcat([:@]|$)/i },
  { id: 'jenkins', name: 'Jenkins', ports: [8080], packages: /^jenkins$/i, images: /jenkins([:@]|$)/i, words: /\bjenkins\b/i },
  { id: 'ssh', name: 'OpenSSH server', ports: [22], packages: /^openssh-server$/i },
  { id: 'rdp', name: 'Remote Desktop', ports: [3389] },
  { id: 'docker-api', name: 'Docker Engine API', ports: [2375, 2376] },
  { id: 'kubernetes-api', name: 'Kubernetes API server', ports: [6443] },
  { id: 'nodejs', name: 'Node.js', ports: [], runtime: /^nodejs/i, images: /(^|\/)node([:@]|$)/i },
  { id: 'python', name: 'Python', ports: [], runtime: /^python/i, images: /(^|\/)python([:@]|$)/i },
  { id: 'java', name: 'Java', ports: [], runtime: /^java/i },
  { id: 'dotnet', name: '.NET', ports: [], runtime: /^dotnet/i },
  { id: 'ruby', name: 'Ruby', ports: [], runtime: /^ruby/i },
  { id: 'go', name: 'Go', ports: [], runtime: /^(go1|provided)/i },
];

export function appById(id: string): AppSpec | undefined {
  return APPS.find((a) => a.id === id);
}

/** The application a package belongs to (scanner findings → the app whose port matters for risk). */
export function appOfPackage(pkg: string): AppSpec | undefined {
  return APPS.find((a) => a.packages?.test(pkg));
}
