export { IntelMatcher, type Indicator, type FeedIndicators, type IntelCategory, hitCategory, hitConfidence, normaliseDomain, toIndicator } from './matcher.js';
export { parseFeed, FEED_FORMATS, type FeedFormat, type ParsedFeed } from './feeds.js';
export { loadIntel, refreshFeed, refreshDueFeeds, defineFeed, feedFromConfig, dueFeeds, type RefreshResult, type LoadIntelOptions } from './store.js';
export { openGeo, type GeoOptions } from './geo.js';
export { validateFeedUrl, fetchFeed } from './url.js';
export { parseV4, parseV6, parseNet, isPrivateAddress, isIpAddress } from './ip.js';
