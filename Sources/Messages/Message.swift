/// Every sentence and phrase flowcause writes for a person, by name.
///
/// The words are in the catalogs, one per language (`Catalog+English.swift`,
/// `Catalog+Japanese.swift`), each a `switch` over every case, so that a message missing from
/// one does not build. A message's placeholders (`{acl}`) are named; the catalog test checks
/// that both languages use the same ones. Callers give the values by name
/// (`Explanation(.aclAllows, ["acl": …])`) and never join words of their own.
public enum Message: String, CaseIterable, Sendable {
  // MARK: Words
  case inbound, outbound
  case allow, deny
  case allProtocols
  case protocolNumber
  case trafficWithPort, trafficWithICMPType
  case aclEntryInbound, aclEntryOutbound
  case aclEntryPorts, aclEntryICMPType, aclEntryICMPCode

  // MARK: Network ACL decisions
  case aclMatchInbound, aclMatchOutbound
  case aclAllows, aclDeniesByDefault, aclDeniesByRule

  // MARK: Security group decisions
  case sgNoGroupInbound, sgNoGroupOutbound
  case sgNoRulesInbound, sgNoRulesOutbound
  case sgNoRuleAllowsInbound, sgNoRuleAllowsOutbound

  // MARK: Places in the logs
  case lineNumber
  case lineOfInput
  case onLine

  // MARK: Diagnosis notes
  case replyOfAcceptedRequest
  case doubtedCloseHistoryCut
  case doubtedCloseNoAccepted
  case untrackedLateTeardown
  case icmpDependsOnType
  case icmpEveryTypeDenied
  case icmpAnotherType
  case echoRequest
  case echoReply
  case icmpTypeCode
  case eitherOf
  case listComma
  case listSemicolon
  case asReplyWouldBeAllowed
  case roleSuggestedReplyOtherwise
  case roleSuggestedNewTrafficOtherwise
  case suggestedByTCPFlags
  case suggestedByAcceptedReverse
  case suggestedByFirstLeg
  case suggestedByPorts
  case suggestedByUnanswered
  case suggestedBySilence
  case topologyAllowsFlow
  case dependsOnPackets
  case readingOutcome
  case asICMPTypeNewTraffic
  case asNewTraffic
  case asReplyOf
  case asReply
  case asLatePacketAfterClose
  case outcomeDenied
  case outcomeDeniedByRule
  case outcomeUnknown
  case outcomeAllowed
  case expiredPastTimeout
  case expiredWithinTimeout
  case noRequestPrecedes

  // MARK: Connection tracking timeouts
  case timeoutNoneForICMP
  case timeoutSetOnENI
  case timeoutTCPDefaults
  case timeoutTCPAny
  case timeoutUDPDefault
  case timeoutUDPStreamAny
  case timeoutUDPAny
  case timeoutOtherProtocols

  // MARK: explain's story
  case storyHeading
  case storyStepDirection
  case storyIngress
  case storyEgress
  case storyDirectionUnknown
  case storyStepLeg
  case storyLegRequest
  case storyLegResponse
  case storyLegUnknown
  case storyRelatedRecords
  case storyRelatedRecord
  case storyStepStateful
  case storyWithoutGroups
  case storyStatefulReply
  case storyStatelessRequest
  case storyStepChecks
  case storyCheck
  case storyNoTopology
  case storyCause
  case storyCauseCode
  case storyCauseComponent
  case storyCauseRule
  case storyConfidence
  case storyCandidates

  // MARK: Which leg, and why
  case becauseTCPFlags
  case becauseAcceptedReverse
  case becausePorts
  case becauseFirstLeg
  case becauseUnanswered

  // MARK: explain, around the story
  case explainAccept
  case explainRepeats
  case explainNotInTopology
  case warningLabel

  // MARK: Checkpoint results and confidence, as a person reads them
  case resultAllowed
  case resultDenied
  case resultSkipped
  case resultUndetermined
  case confidenceHigh
  case confidenceMedium
  case confidenceLow

  // MARK: Route tables
  case noRouteTable
  case routeTableMain
  case routeTableAssociated
  case routeUnknownPrefixLists
  case routeNone
  case routeNoneNeeds
  case routeBlackhole
  case routeWrongTarget
  case routeSends
  case whichRouteUnknown
  case vgwNotAttachedFor
  case vgwNotAvailableFor
  case vpnAllDownFor
  case vpnOneDownFor
  case vpnSomeDownFor
  case unmodelledWayIn
  case unmodelledInspected
  case packetFromTargetInterface
  case replyFromTargetInterface
  case replyNotRouted
  case routeBackTo
  case notBackTo
  case replyToTargetInterface
  case beyondTransitGateway
  case beyondVirtualPrivateGateway
  case notModelled
  case unsupportedRouteTarget

  // MARK: VPC endpoints and virtual private gateways
  case endpointGateway
  case endpointInterface
  case endpointFirewall
  case endpointGatewayLoadBalancer
  case endpointOther
  case endpointNotInTopology
  case endpointNotAvailable
  case endpointCarries
  case endpointNotFollowed
  case endpointInspectsSent
  case endpointInspects
  case firewallRulesUnknown
  case appliancesUnknown
  case endpointReplyBack
  case vpnConnectionState
  case tunnelsUnknown
  case vgwNotInTopology
  case vgwNotAttached
  case gatewayNotAvailable
  case vpnAllDown
  case vpnOneDown
  case vpnSomeDown
  case leavesThroughVPN

  // MARK: Internet gateways
  case eigwIPv6Only
  case gatewayNotAttached
  case eigwLetsOut
  case igwNotInTopology
  case igwSendsIPv6
  case igwPrivateDestination
  case igwNoPublicAddress
  case igwMapsSource
  case igwSends
  case edgeRouteSendsTo
  case edgeRouteMiddlebox
  case vpcRoutesNameUnknownIGW
  case vpcHasNoIGW
  case notPublicAddressOf
  case igwDeliversIPv6
  case igwMapsDestination
  case igwDeliversIPv6Reply
  case igwMapsBack
  case eigwLetsRepliesIn

  // MARK: NAT gateways
  case notInTopology
  case packetNotRoutedToIGW
  case needIGWForPublicNAT
  case privateNATNotRouted
  case privateNATNotFollowed
  case natIPv4Only
  case natNoPrivateAddress
  case natTranslatesSource
  case natTranslatesSourcePort
  case natNoElasticIP
  case igwMapsNATSource
  case igwMapsBackToNAT
  case theInternetGateway
  case natSendsReply
  case theLocalRoute

  // MARK: Peering, unowned addresses, the legs
  case peerInterfacesUnknown
  case routeToPeering
  case pcxNotActive
  case pcxOutsidePeerCIDRs
  case pcxCarries
  case packetNotRouted
  case theVPC
  case unknownDestination
  case unknownReplyDestination
  case eigwReplyToInternetInitiated
  case replyNotRoutedBack
  case theRouteTable
  case replyToNATAsymmetric
  case routeToIGWForReplies
  case unknownSource
  case unknownSourceSubnet
  case unknownSourceThroughGateway
  case neitherEndInTopology

  // MARK: Transit gateways
  case routeToTGWForReply
  case tgwNotInTopology
  case tgwTargetNotInTopology
  case tgwTargetVPNDown
  case tgwTargetBeyondModel
  case tgwTargetNotAvailable
  case tgwTargetNoIPv6
  case tgwSends
  case tgwNotFollowedFurther
  case tgwEntersVPCWithoutENI
  case tgwAttachmentSubnetSendsTo
  case tgwAttachmentSubnetToEndpoint
  case tgwAttachmentSubnetByRoute
  case tgwRouteIntoVPCWithout
  case tgwEnteringAnd
  case tgwDelivers
  case tgwDeliversFrom
  case tgwAttachmentNoSubnet
  case localRouteInAttachmentSubnet
  case receiverInAttachmentSubnetNoACL
  case receiverInAttachmentSubnet
  case tgwNoAttachments
  case vpcNotAttachedToTGW
  case tgwAttachmentNotAvailable
  case tgwAttachmentNoIPv6
  case tgwZoneSubnetUnknown
  case theZone
  case tgwNoSubnetInZone
  case tgwAttachmentNoRouteTable
  case tgwRoutesUnknown
  case tgwUnknownPrefixLists
  case tgwNoRoute
  case tgwRouteNamesNoAttachment
  case tgwBlackhole

  // MARK: Network ACL checks not made
  case bothEndsInSubnet
  case bothEndsIn
  case subnetHasNoACL
  case notEvaluated

  // MARK: Security group checks
  case sgSkippedNoGroups
  case sgReferenceUnreached
  case refGapNotPeered
  case refGapOutboundTGW
  case refGapTGWOff
  case refGapAttachmentOff
  case anAttachment
  case bothOf
  case sgUnsureInbound
  case sgUnsureOutbound
  case sgTrackedReplyOutbound
  case sgTrackedReplyInbound
  case sgAllowsInbound
  case sgAllowsOutbound
  case ruleIdSuffix
  case untrackedReplyNeedsRule
  case sgRule
  case sgRulePorts
  case sgRuleICMP
  case anyValue

  // MARK: Trace verdicts
  case requestDroppedAt
  case replyDroppedAt
  case undeterminedAt
  case reachable
  case sourcePortDrawn

  // MARK: Diagnosis from the logs alone
  case logsProvenReply
  case symmetricICMP
  case symmetricPorts
  case logsReplyByTiming
  case hintTopology
  case hintFlags
  case hintTopologyAndFlags
  case hintEvaluateBoth
  case acceptedBefore
  case expiredReplyLogs
  case symmetricMaybeReply
  case icmpHasNoPorts
  case bothEndsUsePort
  case alsoAccepted
  case notReplyOf
  case startedLater
  case rejectedAtOtherEnd
  case rejectedRequestLogs
  case replyHistoryCut
  case replyNoRequestLogs
  case replyRequestNotInLogs
  case roleUnknownLogs
  case unseenClose
  case afterCloseOnly

  // MARK: Decisions at an ENI
  case controlsGroupsAndACL
  case controlsACLOnly
  case asRequest
  case wordRequest
  case wordReply
  case allowedButUnroutable
  case directionUnknownNotOnPath
  case checkCannotBeMade
  case allowedButInspected
  case anInspectionEndpoint
  case eitherWayDenies
  case untraceableStop
  case untraceable
  case allowsAsNewTraffic

  // MARK: Before the readings, and load balancers
  case bpaRejected
  case regionalNATGateway
  case recordWithoutPorts
  case noteInParentheses
  case notInTopologySuffix
  case lbNodeOfENI
  case lbPeerNodeApplication
  case lbPeerNode
  case lbHealthCheckPort
  case nlbClientIPPreserved

  // MARK: Fixes
  case fixNothingAfterClose
  case fixBlockPublicAccess
  case fixVPNDown
  case theVirtualPrivateGateway
  case fixAttach
  case theGateway
  case fixTransitGatewayRoute
  case theTransitGatewayRouteTable
  case fixRoute
  case subnetRouteTableOf
  case securityGroupsOf
  case subnetNetworkACLOf
  case fixDirectionUnknown
  case fixSGReplyInboundPlural
  case fixSGReplyInboundSingular
  case fixSGReplyOutboundPlural
  case fixSGReplyOutboundSingular
  case fixSGRuleInbound
  case fixSGRuleOutbound
  case oneOf
  case fixACLEntryInbound
  case fixACLEntryOutbound
  case belowDenyingEntry
  case belowImplicitEntry
  case belowOrNarrow
  case sentenceEnd
  case repliesAdvice
  case statelessRepliesOutboundPorts
  case statelessRepliesOutbound
  case statelessRepliesInboundPorts
  case statelessRepliesInbound

  // MARK: explain's two-column diagram of both legs
  case storyStepLegs
  case legsClientSide
  case legsServerSide
  case legsInternet
  case legsOutside
  case legsUnowned
  case legsRequest
  case legsReply
  case legsThisReject
  case legsLogged
  case legsNotReached
  case legsNoReplyDenied
  case legsNoReplyUndetermined
  case legsNoReplyExpected
  case legsTracked
  case legsStatelessReply
  case legsUnknown
  case legsAcceptedInLogs
  case legsNoChecks

  // MARK: Related records
  case relationReverse
  case relationSame
  case relationPeer

  // MARK: simulate --compare
  case compareHeading
  case compareColumns
  case compareLegend
  case onlyInA
  case onlyInB
  case reasonRejectsInB
  case reasonRejectedInA
  case atLineOfA
  case atLineOfB
  case allowsInB
  case nothingRejectsInB
  case reasonJoined
  case componentWithCause

  // MARK: diagnose's text
  case unreadLinesOne
  case unreadLinesMany
  case rejectRecordsOne
  case rejectRecordsMany
  case noRejectMatches
  case fromSpan
  case noRejects
  case noRejectsWithoutActionOne
  case noRejectsWithoutActionMany
  case headlineEvaluated
  case headlineLogsOnly
  case headlineNoneInTopology
  case warningNoneInTopology
  case headlineSomeEvaluated
  case warningOthersOutside
  case firstOutside
  case onlyMatching
  case headingByCause
  case headingByComponent
  case headingServices
  case headingClients
  case headingPatterns
  case noTime
  case missedEarlierOne
  case missedEarlierMany
  case exampleRecord
  case exampleConfidence
  case candidatesList
  case morePatternsOne
  case morePatternsMany
  case patternsNotListed
  case patternsDropped
  case othersDropped
  case serviceNoPort
  case timeSpan

  // MARK: diagnose's text, continued
  case otherRejectRecordsOne
  case otherRejectRecordsMany

  // MARK: diagnose --output md
  case mdTotalsOne
  case mdTotalsMany
  case mdAndMore
  case mdCauses
  case mdUnreadOne
  case mdUnreadMany
  case mdColumnRejects
  case mdColumnCause
  case mdColumnComponent
  case mdColumnDirection
  case mdColumnService
  case mdColumnTime
  case mdMoreRecords
  case mdNoFixScan
  case mdFix
  case mdNoFixNamed
  case mdManyClients
  case mdToLetThroughOne
  case mdToLetThroughMany
  case mdCandidates

  // MARK: explain --output md
  case mdVerdict
  case mdVerdictConfidence
  case mdRuleWithNumber
  case mdQuotedLine
  case mdThisReject
  case mdNotQuoted
  case mdRequestLeg
  case mdRequestLegThis
  case mdReplyLeg
  case mdReplyLegThis
  case mdReplyNotSent
  case mdWhy
  case mdCaveats
  case stepAllow
  case stepDeny
  case stepUndetermined
  case stepSkipped
  case stepRule
  case stepTracked
  case stepDetail
  case stepNoRule
  case stepNoRoute
  case endInternet
  case endUnowned
  case caveatLatePacket
  case caveatEarlierLogs
  case caveatGroupsMissing
  case caveatNotInTopology
  case caveatTraceStops
  case caveatNoTopology
  case caveatNone
  case eitherOfCauses

  // MARK: trace
  case tracePacket
  case traceFrom
  case traceTo
  case traceForwardLeg
  case traceReturnLeg
  case traceReturnTracked
  case traceReturnUntracked
  case traceVerdictReachable
  case traceVerdictNotReachable
  case traceVerdictUndetermined
  case legForward
  case legReturn
  case traceEndInterface
  case traceEndPublic
  case traceEndInstance
  case traceEndUnowned
  case traceEndOutside

  // MARK: diagnose --output md, continued
  case moreRejectRecordsOne
  case moreRejectRecordsMany

  // MARK: simulate's warnings and errors
  case nodataTooMany
  case moreThan
  case notSimulatedPast
  case notAnInterface
  case notAnInstance
  case notAnEndpoint
  case noAddressOfFamily
  case mixedFamilies
  case missingPort

  // MARK: simulate's warnings and errors, continued
  case conversationFailure
  case underTopology

  // MARK: Path diagrams (svg)
  case stateNotCrossed
  case stateNotReached
  case stateAllowed
  case stateDenied
  case stateUndetermined
  case stateUnknown
  case laneRequest
  case laneReply
  case laneRequestSupposed
  case laneAsLogged
  case laneNoReplyDenied
  case laneNoReplyUndetermined
  case laneNoReplyExpected
  case laneNoReplyRejected
  case laneSupposedLogged
  case diagramReachable
  case diagramNotReached
  case nodeNetworkInterface
  case nodeSenderOutside
  case nodeReceiverOutside
  case nodeReachedThroughSends
  case nodeReachedThroughReceives
  case nodeInternetSender
  case nodeInternetReceiver
  case nodeInternetSends
  case nodeInternetReceives
  case nodeNoENIKnown
  case nodeNoENISentence
  case nodeENISends
  case nodeENIReceives
  case nodePublic
  case titleSecurityGroupOut
  case titleNetworkACLOut
  case titleRouteTable
  case titleInternetGateway
  case titleNATGateway
  case titleEgressOnlyIGW
  case titleVPCPeering
  case titleTransitGateway
  case titleVPCEndpoint
  case titleVPNGateway
  case titleNetworkACLIn
  case titleSecurityGroupIn
  case titleDestination
  case titleNetworkACLEither
  case titleSecurityGroupEither
  case titleOtherEnd
  case titleHost
  case detailRuleAllow
  case detailRuleDeny
  case detailRuleId
  case detailByTheRule
  case detailTracked
  case detailNoRuleAllows
  case detailNoUsableRoute
  case detailSameSubnet
  case detailUnknownNoTopology
  case detailRulesUnknown
  case detailAcceptedInLogs
  case detailStatefulReplyOf
  case detailAnAcceptedRequest
  case detailStatefulSentence
  case detailNamedByLogs
  case detailIdGiveTopology
  case loggedThisReject
  case loggedRelated
  case loggedAndMore
  case loggedNoFlowDirection
  case diagramTitleReject
  case diagramTitleAt
  case diagramTitleCandidates
  case diagramTitleEnd
  case diagramBlocked
  case svgFlowLog
  case svgRejectedHere
  case svgDescFlowLog
  case svgDescRejectedHere

  // MARK: report (HTML)
  case htmlTitle
  case htmlWrittenBy
  case htmlInputs
  case htmlStandardInput
  case htmlAndMore
  case htmlTime
  case htmlTimeRange
  case htmlNoReject
  case htmlNoRejectTime
  case htmlRecords
  case htmlBadLinesOne
  case htmlBadLinesMany
  case htmlRejects
  case htmlFilters
  case htmlFiltersLeftOut
  case htmlTopology
  case htmlWarnings
  case htmlInputsDamagedOne
  case htmlInputsDamagedMany
  case htmlDuplicatesOne
  case htmlDuplicatesMany
  case htmlUndiagnosedOne
  case htmlUndiagnosedMany
  case htmlWithoutActionOne
  case htmlWithoutActionMany
  case htmlLateOne
  case htmlLateMany
  case htmlDecidedEarlyOne
  case htmlDecidedEarlyMany
  case htmlDetailsOnStderr
  case htmlTopologyNone
  case htmlTopologyCounts
  case htmlTopologyHolds
  case htmlCountedOneByOne
  case htmlTopologyRejects
  case htmlOthersFromLogs
  case htmlByCause
  case htmlNoRejects
  case htmlCausesCaption
  case htmlCause
  case htmlShare
  case htmlTopPatterns
  case htmlPatternsIntroAll
  case htmlPatternsIntroHeld
  case htmlPatternsCount
  case htmlPatternsCaption
  case htmlOnePattern
  case htmlComponentAndRule
  case htmlDirection
  case htmlRole
  case htmlService
  case htmlFirstStart
  case htmlLastEnd
  case htmlExample
  case htmlItsPath
  case htmlDroppedNote
  case htmlNoneNamed
  case htmlRuleStarIPv4
  case htmlRuleStarIPv6
  case htmlPathsHeading
  case htmlPathsIntro
  case htmlAlikeNote
  case htmlRejectsCountOne
  case htmlRejectsCountMany
  case htmlAlikeOtherENIs
  case htmlAlikeOtherPorts
  case htmlWhy
  case htmlConfidence
  case htmlFix
  case htmlPathInWords
  case htmlLinesLabel
  case htmlNotQuoted
  case htmlOnlyIfShouldPass
  case htmlRankings
  case htmlRules
  case htmlCauseComponentRule
  case htmlENIs
  case htmlServices
  case htmlProtocolAndPort
  case htmlClients
  case htmlAddress

  // MARK: report (HTML), continued
  case htmlVPCsOne
  case htmlVPCsMany
  case htmlPatternsOne

  // MARK: report (HTML): timeline and topology
  case htmlTimelineHeading
  case htmlNoRejectWithTime
  case unitMinute
  case unitHour
  case unitDay
  case unitMinutes
  case htmlTimelineIntro
  case htmlViewerOffset
  case htmlTimelineTitle
  case htmlCountsAsTable
  case htmlStartUTC
  case htmlWithoutStart
  case htmlVPCsCaption
  case htmlSubnetsCaption
  case htmlENIsCaption
  case htmlCIDRs
  case htmlInternetGateway
  case htmlSubnet
  case htmlZone
  case htmlNetworkACL
  case htmlRouteTable
  case htmlDefaultRoute
  case htmlAddresses
  case htmlSecurityGroups
  case htmlAttachedTo
  case htmlMain
  case htmlNone
  case htmlPublicAddress
  case htmlFirstListed
  case htmlTooLarge
  case htmlDrawingTitle
  case htmlDrawingGateway
  case htmlDrawingGatewayLabel
  case htmlDrawingCaption
  case htmlPublic
  case htmlPrivate
  case htmlNoDefaultRoute
  case htmlNoRouteTable
  case htmlNoENI
  case htmlMoreENIs

  // MARK: Review of the Japanese trial
  case legsStatelessJudged
  case ruleStarNumber

  // MARK: trace, continued
  case tracePacketICMP

  // MARK: explain's story, continued
  case storyRoleUnknownBoth

  // MARK: stderr's diagnostics
  case diagAthenaTooLong
  case diagBadLinesWithheldOne
  case diagBadLinesWithheldMany
  case diagBadLinesInRun
  case diagMoreBadLinesOne
  case diagMoreBadLinesMany
  case diagInputsOne
  case diagInputsMany
  case diagFieldCountHint
  case diagSavedFormat
  case diagCannotOpen
  case diagSummary
  case diagLinesOne
  case diagLinesMany
  case diagRecordsOne
  case diagRecordsMany
  case diagHeadersOne
  case diagHeadersMany
  case diagDamagedOne
  case diagDamagedMany
  case diagNotOpened
  case diagUndiagnosedOne
  case diagUndiagnosedMany
  case diagFormatLacks
  case diagHeaderLacks
  case diagWithoutActionOne
  case diagWithoutActionMany
  case diagDuplicatesOne
  case diagDuplicatesMany
  case diagDecidedEarlyOne
  case diagDecidedEarlyMany
  case diagNoneInTopologyOne
  case diagNoneInTopologyMany
  case diagSomeOutsideOne
  case diagSomeOutsideMany
  case diagRouteSends
  case diagRouteSendsBlackhole
  case diagRouteNone
  case diagNoRouteTable
  case diagTrafficPathOne
  case diagTrafficPathMany
  case diagLateRecordsOne
  case diagLateRecordsMany
  case pathSameVPC
  case pathIGWOrGatewayEndpoint
  case pathVGW
  case pathIntraRegionPeering
  case pathInterRegionPeering
  case pathLocalGateway
  case pathGatewayEndpoint
  case pathIGW
  case pathUndocumented
  // MARK: lint: finding titles (SARIF's shortDescription)
  case lintTitleNaclBlocksReplies
  case lintTitleTierRepliesBlocked
  case lintTitleNaclBlocksOutboundReplies
  case lintTitleNaclEntryShadowed
  case lintTitleNaclDenyShadowedByAllow
  case lintTitleNaclAllowShadowedByDeny
  case lintTitleSgAdminPortOpenToWorld
  case lintTitleSgAdminPortOpenToWorldPrivate
  case lintTitleIpv6AllowedBySGMissingFromNACL
  case lintTitlePublicSubnetWithoutIGWRoute
  case lintTitlePublicIPWithoutIGWRoute
  case lintTitleBlackholeRoute
  case lintTitleSgReferencesMissingGroup
  case lintTitleSgUnattached
  case lintTitleUntrackedFlow
  case lintTitleTgwRouteDrops
  case lintTitleLbTargetUnreachable
  case lintTitleSgReferenceNotCarried
  case lintTitleTgwApplianceModeOff
  case lintTitleEndpointSGBlocksClients

  // MARK: lint: what to change, by finding id (SARIF's help)
  case lintHelpNaclBlocksReplies
  case lintHelpNaclEntryShadowed
  case lintHelpNaclDenyShadowedByAllow
  case lintHelpNaclAllowShadowedByDeny
  case lintHelpSgAdminPortOpenToWorld
  case lintHelpSgAdminPortOpenToWorldPrivate
  case lintHelpIpv6AllowedBySGMissingFromNACL
  case lintHelpPublicSubnetWithoutIGWRoute
  case lintHelpPublicIPWithoutIGWRoute
  case lintHelpBlackholeRoute
  case lintHelpSgReferencesMissingGroup
  case lintHelpSgUnattached
  case lintHelpUntrackedFlow
  case lintHelpTgwRouteDrops
  case lintHelpLbTargetUnreachable
  case lintHelpSgReferenceNotCarried
  case lintHelpTgwApplianceModeOff
  case lintHelpEndpointSGBlocksClients
  case lintRuleDescription

  // MARK: lint: client kinds
  case lintClientKindLinux
  case lintClientKindWindows
  case lintClientKindNAT

  // MARK: lint: lists and rule names
  case lintAndMore
  case lintAndMoreENIs
  case lintCountedENIs
  case lintCountedSGRules
  case lintSemicolon
  case lintCommaAnd
  case lintSentenceSpace
  case lintAlso
  case lintRuleNumber
  case lintStarRule
  case lintSGRuleInbound
  case lintSGRuleOutbound
  case lintACLRuleInbound
  case lintACLRuleOutbound
  case lintWithDetail

  // MARK: lint: replies cut by network ACLs
  case lintClientsInSubnet
  case lintClientsInSubnetNoCIDR
  case lintClientsOnInternet
  case lintClientsThrough
  case lintMembersInSubnet
  case lintInternetThrough
  case lintServiceThrough
  case lintDeniedByInbound
  case lintDeniedByOutbound
  case lintNeverAnswered
  case lintSomeUnanswered
  case lintAndClause
  case lintOutboundReplies
  case lintRepliesOfServiceFrom
  case lintRepliesOfServiceTo
  case lintRepliesOfServices
  case lintFixACLEntriesInbound
  case lintFixACLEntriesOutbound
  case lintACLItemFrom
  case lintACLItemTo

  // MARK: lint: network ACL entries no packet reaches
  case lintEntryWithRule
  case lintShadowSubjectInbound
  case lintShadowSubjectOutbound
  case lintShadowedAllow
  case lintShadowedDeny
  case lintFixDeleteShadowed
  case lintDenyNeverFires
  case lintAllowNeverFires
  case lintDecideAllowOne
  case lintDecideAllowMany
  case lintDecideDenyOne
  case lintDecideDenyMany
  case lintDecideSplit
  case lintSomeAllowOne
  case lintSomeAllowMany
  case lintSomeDenyOne
  case lintSomeDenyMany
  case lintRestAllowOne
  case lintRestAllowMany
  case lintRestDenyOne
  case lintRestDenyMany
  case lintFixRenumberDeny
  case lintFixRenumberAllow

  // MARK: lint: ports open to the internet, IPv6 the network ACL denies
  case lintNoPublicIPv4
  case lintNoIGWRoute
  case lintACLAdmitsNone
  case lintExposedENI
  case lintOpenToInternet
  case lintFixOpenToInternet
  case lintScopeInternet
  case lintIPv6Inbound
  case lintIPv6Outbound
  case lintFixIPv6Inbound
  case lintFixIPv6Outbound
  case lintOtherHostsOf
  case lintPathPeering
  case lintPathTGW
  case lintPathVPN
  case lintUnreachedENI
  case lintOpenToAllPrivate
  case lintFixOpenToAllPrivate

  // MARK: lint: security group hygiene, untracked flows
  case lintUnattached
  case lintUnattachedReferenced
  case lintFixUnattached
  case lintReferenceNotCarried
  case lintFixReferenceNotCarried
  case lintReferencesMissing
  case lintFixReferencesMissing
  case lintUntrackedInbound
  case lintUntrackedOutbound
  case lintFixUntrackedInbound
  case lintFixUntrackedOutbound

  // MARK: lint: routing
  case lintNone
  case lintPublicSubnetNoIGW
  case lintFixStopMapping
  case lintFixAttachIGW
  case lintTheSubnetRouteTable
  case lintFixAssociateIGWTable
  case lintFixAddIGWRoute
  case lintFixClause
  case lintFixRouteOrRelease
  case lintItsRouteTable
  case lintPublicIPNoIGW
  case lintNoSubnetUsesTable
  case lintTrafficDropped
  case lintBlackhole
  case lintFixBlackhole

  // MARK: lint: load balancers' targets
  case lintLBHealthChecks
  case lintLBForwarded
  case lintFixLBEgress
  case lintTheLBSecurityGroups
  case lintFixLBIngress
  case lintTheLBSecurityGroup
  case lintTheLBSubnetCIDRs
  case lintTheTargetSecurityGroups
  case lintFixLBACL
  case lintTheNetworkACL
  case lintFixLBRoute

  // MARK: lint: transit gateway appliance mode
  case lintHandOff
  case lintAndMoreRoutes
  case lintFirewallEndpoint
  case lintGWLBEndpoint
  case lintApplianceModeOff
  case lintFixApplianceMode

  // MARK: lint: routes to a transit gateway that lead nowhere
  case lintTGWSends
  case lintTGWSendsStranded
  case lintTGWNotAttached
  case lintFixTGWAttach
  case lintTGWAttachmentState
  case lintFixTGWAccept
  case lintTGWNoIPv6
  case lintFixTGWIPv6
  case lintTGWStranded
  case lintFixTGWAddSubnet
  case lintTGWNoRouteTable
  case lintFixTGWAssociate
  case lintTGWNoRouteForBlock
  case lintFixTGWRouteForBlock
  case lintTGWBlackholeInside
  case lintFixTGWBlackhole
  case lintTGWNoRoute
  case lintFixTGWRoute
  case lintTGWBlackholeFor
  case lintTGWTargetState
  case lintFixTGWAcceptOrRoute
  case lintTGWMisdelivered
  case lintFixTGWRouteTo
  case lintTGWNoWayBack
  case lintTheRouteTableOf
  case lintSendsItBy
  case lintSendsItByNAT
  case lintNoRouteCovers
  case lintFixPointRoute
  case lintFixAddRouteToTGW
  case lintTGWFarNoRouteTable
  case lintFixTGWAssociateBack
  case lintTGWFarNoRoute
  case lintFixTGWRouteBack
  case lintAttachmentOf
  case lintAttachmentOfHolder

  // MARK: lint: interface endpoints that refuse their clients
  case lintAnyTraffic
  case lintENIsInSubnet
  case lintENIsInSubnetNoCIDR
  case lintEndpointAdmitsNoneOne
  case lintEndpointAdmitsNoneMany
  case lintEndpointRefusesOne
  case lintEndpointRefusesMany
  case lintTheEndpointServicePort
  case lintVPCCIDR
  case lintTheVPCCIDR
  case lintFixEndpointOwnGroup
  case lintFixEndpointRule

  // MARK: lint's text and SARIF
  case lintBaselineLeftOutOne
  case lintBaselineLeftOutMany
  case lintNoFindings
  case lintNoNewFindings
  case lintErrorsOne
  case lintErrorsMany
  case lintWarningsOne
  case lintWarningsMany
  case lintNoticesOne
  case lintNoticesMany
  case lintSummaryOne
  case lintSummaryMany
  case lintFailing
  case lintPassing
  case lintAffects
  case lintCutOff
  case lintFix
  case lintAffectsENI
  case lintAffectsENIs
  case lintAffectsGroup
  case lintAffectsGroups
  case lintAffectsInSubnets
  case lintAffectsServices
  case lintAffectsServicesMore
  case lintAffectsDestinations
  case lintAffectsClients
  case lintSarifMessage

  // MARK: lint --compare's text
  case lintComparing
  case lintAddedHeading
  case lintRemovedHeading
  case lintChangedHeading
  case lintENICountOne
  case lintENICountMany
  case lintChangeWorse
  case lintChangeBetter
  case lintNewlyAffected
  case lintFlowsHeading
  case lintFlowBreaks
  case lintFlowOpens
  case lintFlowUndetermined
  case lintFlowText
  case lintFlowIPv6
  case lintFlowBefore
  case lintFlowAfter
  case lintMoreFlows
  case lintFlowsOne
  case lintFlowsMany
  case lintTraced
  case lintTracedFirst
  case lintCompareSummary

  // MARK: lint: Japanese word order, continued
  case lintAndPhrases
  case lintUnattachedNamed
  case lintPublicIPNoIGWInstance

  // MARK: Review of the second Japanese trial
  case htmlBarTitle
  case htmlNACLShort
}

extension Message {
  /// The message's words in `language`, read into pieces (once per process).
  public func template(in language: Language) -> Template {
    switch language {
    case .en: Self.english[self] ?? Template(english)
    case .ja: Self.japanese[self] ?? Template(japanese)
    }
  }

  /// The message in `language`, its placeholders filled from `arguments` by name.
  public func text(in language: Language, _ arguments: [String: String] = [:]) -> String {
    template(in: language).filled(arguments)
  }

  private static let english: [Message: Template] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0, Template($0.english)) })
  private static let japanese: [Message: Template] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0, Template($0.japanese)) })
}
