// The Japanese catalog: every message of `Message`, with the terms of AWS's Japanese
// documentation (docs/ja/glossary.md). Sentences are in the polite form (です・ます), as AWS's
// Japanese user guides write; a clause that another message embeds has no final 。.

extension Message {
  /// The message in Japanese.
  var japanese: String {
    switch self {
    // MARK: Words
    case .inbound: "インバウンド"
    case .outbound: "アウトバウンド"
    case .allow: "許可"
    case .deny: "拒否"
    case .allProtocols: "すべてのトラフィック"
    case .protocolNumber: "プロトコル {number}"
    case .trafficWithPort: "{protocol} ポート {port}"
    case .trafficWithICMPType: "{protocol} タイプ {type} コード {code}"
    case .aclEntryInbound: "{action}: {protocol}、送信元 {cidr}"
    case .aclEntryOutbound: "{action}: {protocol}、送信先 {cidr}"
    case .aclEntryPorts: " {ports}"
    case .aclEntryICMPType: " タイプ {type}"
    case .aclEntryICMPCode: " コード {code}"

    // MARK: Network ACL decisions
    case .aclMatchInbound: "{peer} からのインバウンド {traffic}"
    case .aclMatchOutbound: "{peer} へのアウトバウンド {traffic}"
    case .aclAllows: "{acl} のルール {rule} が {match} を許可します（{entry}）"
    case .aclDeniesByDefault:
      "{acl} が拒否します: 最後の * エントリより前に {match} に一致するルールがありません"
    case .aclDeniesByRule: "{acl} が拒否します: {match} に最初に一致するのはルール {rule}（{entry}）です"

    // MARK: Security group decisions
    case .sgNoGroupInbound: "{eni} にはセキュリティグループがないため、どのインバウンドルールも許可しません"
    case .sgNoGroupOutbound: "{eni} にはセキュリティグループがないため、どのアウトバウンドルールも許可しません"
    case .sgNoRulesInbound: "{eni} の {groups} にはインバウンドルールが 1 つもありません"
    case .sgNoRulesOutbound: "{eni} の {groups} にはアウトバウンドルールが 1 つもありません"
    case .sgNoRuleAllowsInbound: "{eni} の {groups} には、{peer} からの {traffic} を許可するインバウンドルールがありません"
    case .sgNoRuleAllowsOutbound: "{eni} の {groups} には、{peer} への {traffic} を許可するアウトバウンドルールがありません"

    // MARK: Places in the logs
    case .lineNumber: "{line} 行目"
    case .lineOfInput: "入力 {input} の {line} 行目"
    case .onLine: "{line}"

    // MARK: Diagnosis notes
    case .replyOfAcceptedRequest: "{place}で {eni} が受け入れた要求への応答ですが、{note}"
    case .doubtedCloseHistoryCut:
      "（または、このログからは見えない接続終了後のパケットです: この接続の以前のレコードは diagnose が保持しきれなかったレコードに含まれているかもしれず、tcp-flags もありません）"
    case .doubtedCloseNoAccepted:
      "（または、このログからは見えない接続終了後のパケットです: ログには {eni} の ACCEPT レコードも tcp-flags もありません）"
    case .untrackedLateTeardown: "（このフローは追跡されないため、遅れて届いた FIN や RST もルールで判定され、ルールはそれを許可します）"
    case .icmpDependsOnType:
      "（フローログには ICMP タイプが記録されず、どのエントリが拒否するかはタイプによって変わります。ここでは{names}として示しています）"
    case .icmpEveryTypeDenied: "（エコー要求として示しています。どの ICMP タイプも同じように拒否され、フローログにはタイプが記録されません）"
    case .icmpAnotherType: "（フローログには ICMP タイプが記録されません。{names}であれば許可されていたので、別のタイプです）"
    case .echoRequest: "エコー要求"
    case .echoReply: "エコー応答"
    case .icmpTypeCode: "タイプ {type} コード {code}"
    case .eitherOf: "{first}または{second}"
    case .listComma: "、"
    case .listSemicolon: "。"
    case .asReplyWouldBeAllowed: "（{line}への応答であれば許可されていました）"
    case .roleSuggestedReplyOtherwise:
      "（どちらが通信を始めたかは、ログからは{evidence}から推測できるだけです。応答だとすれば原因は {cause} です）"
    case .roleSuggestedNewTrafficOtherwise:
      "（どちらが通信を始めたかは、ログからは{evidence}から推測できるだけです。新しいトラフィックだとすれば原因は {cause} です）"
    case .suggestedByTCPFlags: "TCP フラグ"
    case .suggestedByAcceptedReverse: "逆方向の受け入れられた要求"
    case .suggestedByFirstLeg: "どちらのレッグが先に現れたか"
    case .suggestedByPorts: "ポート番号"
    case .suggestedByUnanswered: "応答がないこと"
    case .suggestedBySilence: "レコードの時刻から読める直前の無通信時間（レコードの時刻はパケットより最大 1 分遅れることがあります）"
    case .topologyAllowsFlow:
      "トポロジーはこのフローを許可しています: スナップショットが古いか、モデルの扱わないものが拒否した可能性があります（接続追跡のタイムアウト、フローの途中でのルール変更、flowcause がモデル化していないコントロールなど）"
    case .dependsOnPackets: "パケットが何だったかによりますが、ログからはわかりません: {readings}"
    case .readingOutcome: "{reading}、{outcome}"
    case .asICMPTypeNewTraffic: "ICMP タイプ {type} コード {code}（新しいトラフィック）として"
    case .asNewTraffic: "新しいトラフィック（要求、求められていないパケット、または期限切れの応答）として"
    case .asReplyOf: "{line}への応答として"
    case .asReply: "応答として"
    case .asLatePacketAfterClose: "接続終了後の遅れたパケットとして"
    case .outcomeDenied: "{cause} {component}"
    case .outcomeDeniedByRule: "{cause} {component} ルール {rule}"
    case .outcomeUnknown: "不明（{note}）"
    case .outcomeAllowed: "許可"
    case .expiredPastTimeout:
      "{eni} がこのフローで最後に受け入れたパケット（{line}）の {silence} 秒後に始まり、接続追跡のタイムアウト（{timeout}）を過ぎていたため、セキュリティグループはもう接続を保持しておらず、新しいトラフィックとして判定しました: {note}"
    case .expiredWithinTimeout:
      "レコードの時刻では、{eni} がこのフローで最後に受け入れたパケット（{line}）の {silence} 秒後に始まっており、接続追跡のタイムアウト（{timeout}）以内です。しかしレコードの時刻はパケットより最大 1 分遅れることがあり、追跡中の応答なら通されていたはずなので、追跡エントリは期限切れで、セキュリティグループは新しいトラフィックとして判定しました: {note}"
    case .noRequestPrecedes:
      "このログには {eni} が先に送った要求が記録されていないため、セキュリティグループはこのフローの状態を持たず、新しいトラフィックとして判定します: {note}"

    // MARK: Connection tracking timeouts
    case .timeoutNoneForICMP: "なし: AWS は ICMP のタイムアウトを文書化していません"
    case .timeoutSetOnENI: "{seconds} 秒（{eni} に設定された {key}）"
    case .timeoutTCPDefaults: "TcpEstablishedTimeout、デフォルトで 432,000 秒、Nitro v6 インスタンスタイプでは 350 秒"
    case .timeoutTCPAny: "TcpEstablishedTimeout、ENI に設定すれば 60 秒以上、デフォルトで 432,000 秒"
    case .timeoutUDPDefault: "{key}、デフォルトで {seconds} 秒"
    case .timeoutUDPStreamAny: "UdpStreamTimeout、デフォルトで 180 秒、ENI に設定すれば 60 秒以上"
    case .timeoutUDPAny: "UdpTimeout、デフォルトで 30 秒、ENI に設定すれば最大 60 秒"
    case .timeoutOtherProtocols: "600 秒（TCP、UDP、ICMP 以外のプロトコル）"

    // MARK: explain's story
    case .storyHeading: "{place}: {eni} での REJECT"
    case .storyStepDirection: "1. パケットの向き。"
    case .storyIngress: "ingress（受信）: {eni} が受信したパケットです。"
    case .storyEgress: "egress（送信）: {eni} が送信したパケットです。"
    case .storyDirectionUnknown:
      "向きはわかりません（flow-direction フィールドがなく、レコードのアドレスからも {eni} がどちら側かわかりません）。"
    case .storyStepLeg: "2. 要求か応答か。"
    case .storyLegRequest: "この会話の要求（リクエスト）です。{because}。"
    case .storyLegResponse: "この会話の応答（レスポンス）です。{because}。"
    case .storyLegUnknown: "わかりません: どちら側が通信を始めたかを示すものがログにありません。"
    case .storyRelatedRecords: "関連するレコード:"
    case .storyRelatedRecord: "{line} 行目（{eni}）: {action}（{relation}）"
    case .storyStepStateful: "3. ここでのステートフルとステートレスの意味。"
    case .storyWithoutGroups:
      "{eni} は {owner} のもので、セキュリティグループがありません。接続を追跡するものはなく、ここを通るものは要求も応答も同じように、サブネットのネットワーク ACL（ステートレス、サブネットの境界で、最初に一致したルール番号で判定）だけがフィルタリングします。"
    case .storyStatefulReply:
      "セキュリティグループはステートフルです: 許可した接続の応答は、ルールの内容にかかわらず通ります。ネットワーク ACL はステートレスです: 応答にも、クライアントの一時ポート（エフェメラルポート）を許可する専用のエントリが必要です。"
    case .storyStatelessRequest:
      "要求は、サブネットのネットワーク ACL（ルール番号の小さい順に評価し、最初に一致したルールで判定）と、ENI のセキュリティグループ（許可ルールのみ。関連付けたすべてのグループのルールを合わせて評価）の両方で、それぞれ独立して評価されます。"
    case .storyStepChecks: "4. {eni} での検査（AWS が評価する順）。"
    case .storyCheck: "{index}. {check}: {result}、{explanation}"
    case .storyNoTopology: "4. トポロジーが指定されていないため、ルールを特定できません（--topology を指定してください）。"
    case .storyCause: "原因: {cause}"
    case .storyCauseCode: "（{code}）"
    case .storyCauseComponent: "、{component}"
    case .storyCauseRule: " ルール {rule}"
    case .storyConfidence: "、確信度 {confidence}。"
    case .storyCandidates: "候補: {candidates}。"

    // MARK: Which leg, and why
    case .becauseTCPFlags: "TCP フラグがそう示しています（SYN は開始側、SYN-ACK は応答側を示します）"
    case .becauseAcceptedReverse: "この ENI では逆向きの要求が先に受け入れられています（拒否された要求には応答が返らないため、こちらが応答です）"
    case .becausePorts: "ポート番号から判断しました（サーバーがよく使うポートの側をサーバーとみなします）"
    case .becauseFirstLeg: "この ENI では逆方向の通信が後から始まっています"
    case .becauseUnanswered: "この ENI には逆方向の通信が一度も現れません"

    // MARK: explain, around the story
    case .explainAccept: "{place} は ACCEPT レコードです: {eni} での経路上のすべてのコントロールが許可しました。"
    case .explainRepeats:
      "{place} は {original} の繰り返しです（同じインターフェイス、アドレス、ポート、プロトコル、パケット数、時間枠、アクション）。そのため、そのレコードとして診断します"
    case .explainNotInTopology:
      "{eni} は指定されたトポロジーにありません: この REJECT はログだけから説明します（--topology はログの VPC のものですか?）"
    case .warningLabel: "警告:"

    // MARK: Checkpoint results and confidence, as a person reads them
    case .resultAllowed: "許可"
    case .resultDenied: "拒否"
    case .resultSkipped: "評価対象外"
    case .resultUndetermined: "判定不能"
    case .confidenceHigh: "高"
    case .confidenceMedium: "中"
    case .confidenceLow: "低"

    // MARK: Route tables
    case .noRouteTable: "{subnet} にはルートテーブルがありません（明示的な関連付けもメインルートテーブルもありません）"
    case .routeTableMain: "{table}（VPC のメインルートテーブル）"
    case .routeTableAssociated: "{table}（{subnet} に関連付け）"
    case .routeUnknownPrefixLists:
      "{table}には {lists} へのルートがありますが、トポロジーにそのエントリがないため、どのルートが {destination} を運ぶかわかりません（get-managed-prefix-list-entries）"
    case .routeNone: "{table}には {destination} へのルートがありません"
    case .routeNoneNeeds: "{table}には {destination} へのルートがありません。{required}が必要です"
    case .routeBlackhole: "{table}は {destination} を {route} に送りますが、そのターゲットはもう存在しません（ブラックホール）"
    case .routeWrongTarget: "{table}は {destination} を {route} で送ります。{required}が必要です"
    case .routeSends: "{table}は {destination} 宛てのトラフィックをルート {route} で転送します"
    case .whichRouteUnknown: "どのルートがパケットを運ぶかわかりません"
    case .vgwNotAttachedFor: "{address} へは {gateway} を経由しますが、{gateway} は {vpc} にアタッチされていません"
    case .vgwNotAvailableFor:
      "{address} へは {gateway} を経由しますが、{gateway} の状態は available ではなく {state} です"
    case .vpnAllDownFor: "{address} へは {gateway} を経由しますが、その VPN 接続はすべてダウンしています（{states}）"
    case .vpnOneDownFor:
      "{address} へは {gateway} を経由しますが、{address} を静的ルートに持つ VPN 接続がダウンしています（{states}）"
    case .vpnSomeDownFor:
      "{address} へは {gateway} を経由しますが、{address} を静的ルートに持つ VPN 接続がどれもダウンしています（{states}）"
    case .unmodelledWayIn:
      "{route}: {address} と {vpc} の間のトラフィックはインターネットゲートウェイではなく {target} を通ります。{beyond}"
    case .unmodelledInspected:
      "{route}: {address} と {vpc} の間のトラフィックは {endpoint}（{summary}）を通り、そこで検査されます。{inspection}"
    case .packetFromTargetInterface: "パケットは {subnet} にある {target} のネットワークインターフェイスから来ます"
    case .replyFromTargetInterface: "応答は {subnet} にある {target} のネットワークインターフェイスから来ます"
    case .replyNotRouted: "応答がルーティングされません"
    case .routeBackTo: "要求が来た経路である {target} へのルート"
    case .notBackTo: "{route}。要求が来た経路である {target} には戻りません: その経路で応答が {destination} に届くかはモデルの範囲外です"
    case .replyToTargetInterface: "応答は {subnet} にある {target} のネットワークインターフェイスに向かいます"
    case .beyondTransitGateway:
      "{target} の向こう側（VPN、Direct Connect、ピアリングされた Transit Gateway、トポロジー外の VPC）はモデルの範囲外です"
    case .beyondVirtualPrivateGateway: "{target} の向こう側（VPN または Direct Connect のネットワーク）はモデルの範囲外です"
    case .notModelled: "flowcause は {target} をモデル化していません"
    case .unsupportedRouteTarget: "ルートはパケットを {target} に送りますが、flowcause はその先をモデル化していません"

    // MARK: VPC endpoints and virtual private gateways
    case .endpointGateway: "{service} のゲートウェイエンドポイント"
    case .endpointInterface: "{service} のインターフェイスエンドポイント"
    case .endpointFirewall: "{firewall} の AWS Network Firewall エンドポイント"
    case .endpointGatewayLoadBalancer: "{service} の Gateway Load Balancer エンドポイント"
    case .endpointOther: "{service} のエンドポイント"
    case .endpointNotInTopology:
      "{endpoint} はトポロジーにありません（どの種類のエンドポイントかは describe-vpc-endpoints でわかります）"
    case .endpointNotAvailable: "{endpoint}（{summary}）の状態は available ではなく {state} です"
    case .endpointCarries: "{endpoint}（{summary}）がサービスまで運びます（エンドポイントポリシーは評価しません）"
    case .endpointNotFollowed:
      "ルートはパケットを {endpoint}（{summary}）に送りますが、flowcause はこれをルートのターゲットとしてたどりません"
    case .endpointInspectsSent: "{sentBy} {endpoint}（{summary}）に送り、そこで検査されます。{inspection}"
    case .endpointInspects: "{endpoint}（{summary}）はパケットを検査に送ります。{inspection}"
    case .firewallRulesUnknown: "ファイアウォールのルールは評価しません（トポロジーにありません）。そのため、通過するかはわかりません"
    case .appliancesUnknown: "Gateway Load Balancer の背後のアプライアンスはトポロジーにないため、通過させるかはわかりません"
    case .endpointReplyBack: "サービスの応答は {endpoint} を通って戻ります"
    case .vpnConnectionState: "{vpn}: {state}、トンネル {tunnels}"
    case .tunnelsUnknown: "不明"
    case .vgwNotInTopology:
      "ルートはパケットを {gateway} に送りますが、この仮想プライベートゲートウェイはトポロジーにありません（describe-vpn-gateways）。その先は VPN または Direct Connect のネットワークで、モデルの範囲外です"
    case .vgwNotAttached: "{gateway} は {vpc} にアタッチされていないため、そのルートはどこにも通じません"
    case .gatewayNotAvailable: "{gateway} の状態は available ではなく {state} です"
    case .vpnAllDown: "{gateway} の VPN 接続はすべてダウンしています（{states}）"
    case .vpnOneDown: "{destination} を静的ルートに持つ {gateway} の VPN 接続がダウンしています（{states}）"
    case .vpnSomeDown: "{destination} を静的ルートに持つ {gateway} の VPN 接続がどれもダウンしています（{states}）"
    case .leavesThroughVPN:
      "パケットは {gateway} を通って {vpc} から VPN または Direct Connect のネットワークへ出ます。オンプレミス側（そのルートやファイアウォール）はモデルの範囲外です"

    // MARK: Internet gateways
    case .eigwIPv6Only: "{gateway} が運ぶのは IPv6 だけです"
    case .gatewayNotAttached: "{gateway} は {vpc} にアタッチされていません"
    case .eigwLetsOut: "{gateway} は内側から始まった IPv6 トラフィックを外に出します"
    case .igwNotInTopology:
      "{gateway} はトポロジーにありません（{vpc} にアタッチされているかは describe-internet-gateways でわかります）"
    case .igwSendsIPv6: "{gateway} は IPv6 パケットをインターネットに送ります（IPv6 アドレスはパブリックです）"
    case .igwPrivateDestination: "{gateway} はプライベートアドレス {destination} へはルーティングしません"
    case .igwNoPublicAddress:
      "{eni} には {source} に対応するパブリック IP も Elastic IP アドレスもないため、{gateway} はそのトラフィックをインターネットに送れません"
    case .igwMapsSource: "{gateway} が {source} をパブリックアドレス {public} に変換します"
    case .igwSends: "{gateway} がパケットをインターネットに送ります"
    case .edgeRouteSendsTo: "{gateway} のエッジルートテーブル {table} は {destination} を {route} で"
    case .edgeRouteMiddlebox:
      "{gateway} のエッジルートテーブル {table} は {destination} を {route} で送ります。その先はミドルボックスで、flowcause はその転送をモデル化していません"
    case .vpcRoutesNameUnknownIGW:
      "{vpc} のルートは {gateway} を指していますが、{gateway} はトポロジーにありません（アタッチされているかは describe-internet-gateways でわかります）"
    case .vpcHasNoIGW: "{vpc} にはインターネットゲートウェイがアタッチされていません"
    case .notPublicAddressOf:
      "{destination} は {eni} のパブリックアドレスではありません。インターネットから到達できるのはパブリック IP か Elastic IP アドレスだけです"
    case .igwDeliversIPv6: "{gateway} が IPv6 パケットを {eni} に届けます"
    case .igwMapsDestination: "{gateway} が {destination} を {eni} のプライベートアドレス {private} に変換します"
    case .igwDeliversIPv6Reply: "{gateway} が IPv6 の応答を届けます"
    case .igwMapsBack: "{gateway} が送信先 {destination} を {private} に変換します"
    case .eigwLetsRepliesIn: "{gateway} は VPC から始まった接続の応答を中に入れます"

    // MARK: NAT gateways
    case .notInTopology: "{id} はトポロジーにありません"
    case .packetNotRoutedToIGW: "パケットはインターネットゲートウェイへルーティングされません"
    case .needIGWForPublicNAT:
      "インターネットゲートウェイへのルート（パブリック NAT ゲートウェイは、自分のサブネットのルートテーブルにあるインターネットゲートウェイを通ってインターネットに出ます）"
    case .privateNATNotRouted: "プライベート NAT ゲートウェイのサブネットは、変換後のパケットをルーティングしません"
    case .privateNATNotFollowed:
      "{table} はプライベート NAT ゲートウェイの変換後のパケットを {route} で送りますが、flowcause はプライベート NAT ゲートウェイからはこれをたどりません（たどるのはローカルルート、Transit Gateway、仮想プライベートゲートウェイです）"
    case .natIPv4Only: "{nat} が変換するのは IPv4 だけです（NAT64 はモデル化していません）"
    case .natNoPrivateAddress: "トポロジーには {nat} のプライベートアドレスがありません"
    case .natTranslatesSource: "{nat} が送信元を {private} に変換します"
    case .natTranslatesSourcePort:
      "{nat} が送信元を {private}:{port} に変換します（NAT ゲートウェイは送信元ポート 1024-65535 を使います）"
    case .natNoElasticIP: "トポロジーには {nat} の Elastic IP アドレスがありません"
    case .igwMapsNATSource: "{gateway} が NAT ゲートウェイの {source} をその Elastic IP アドレス {public} に変換します"
    case .igwMapsBackToNAT: "{gateway} が {public} を NAT ゲートウェイのプライベートアドレス {private} に戻して変換します"
    case .theInternetGateway: "インターネットゲートウェイ"
    case .natSendsReply: "{nat} が変換表と照合し、応答を {destination}:{port} に送ります"
    case .theLocalRoute: "ローカルルート"

    // MARK: Peering, unowned addresses, the legs
    case .peerInterfacesUnknown: "ピア VPC のネットワークインターフェイスはトポロジーにありません"
    case .routeToPeering: "{pcx} へのルート（ピアリングのルートは両側に必要です）"
    case .pcxNotActive: "{pcx} の状態は active ではなく {state} です"
    case .pcxOutsidePeerCIDRs: "{pcx} が運ぶのはピア VPC の CIDR 宛てのトラフィックだけで、{destination} はそこに含まれません"
    case .pcxCarries: "{pcx} は active で、{destination} はピア VPC にあります"
    case .packetNotRouted: "パケットがルーティングされません"
    case .theVPC: "VPC"
    case .unknownDestination: "{destination} は {owner} のアドレスですが、トポロジーのどのネットワークインターフェイスも持っていません"
    case .unknownReplyDestination:
      "{destination} を持つネットワークインターフェイスがトポロジーにないため、そのセキュリティグループが接続を追跡する（そして応答を入れる）かはわかりません"
    case .eigwReplyToInternetInitiated:
      "応答は {gateway} から出ていきますが、{gateway} が通すのは VPC から始まった接続だけです。この接続はインターネットから始まっています（サブネットには ::/0 からインターネットゲートウェイへのルートが必要です）"
    case .replyNotRoutedBack: "応答は要求が来た経路で戻るようにルーティングされません"
    case .theRouteTable: "ルートテーブル"
    case .replyToNATAsymmetric:
      "{table} は応答を {nat} に送ります。応答は NAT ゲートウェイのアドレスで出ていきますが、クライアントはそのアドレスに接続していないため、接続は成立しません（サブネットにはインターネットゲートウェイへのルートが必要です）"
    case .routeToIGWForReplies: "インターネットゲートウェイへのルート（インターネットへの応答は、サブネット自身のルートテーブルに従って出ていきます）"
    case .unknownSource:
      "{address} は {owner} のアドレスですが、トポロジーのどのネットワークインターフェイスも持っていないため、そのセキュリティグループはわかりません（トポロジーがトラフィックより古いか、インターフェイスが欠けている可能性があります）"
    case .unknownSourceSubnet: "{address} を含むサブネットがトポロジーにないため、出ていくときのルートテーブルはわかりません"
    case .unknownSourceThroughGateway:
      "{target} がパケットをどう扱うかは送信するインターフェイス（そのパブリックアドレスや変換）によりますが、{address} を持つインターフェイスはトポロジーにありません"
    case .neitherEndInTopology: "{source} も {destination} もトポロジーのアドレスではありません"

    // MARK: Transit gateways
    case .routeToTGWForReply:
      "{tgw} へのルート（応答が Transit Gateway を通って戻るのは、{subnet} のルートテーブルが {destination} をそこへ送る場合だけです）"
    case .tgwNotInTopology:
      "{tgw} はトポロジーにありません（たどるには describe-transit-gateways と、そのアタッチメントとルートテーブルが必要です）"
    case .tgwTargetNotInTopology:
      "{table} は {destination} を {attachment} に送りますが、{attachment} はトポロジーにありません（describe-transit-gateway-attachments）"
    case .tgwTargetVPNDown:
      "{table} は {destination} を VPN 接続 {vpn} のアタッチメント {attachment} に送りますが、その VPN 接続はダウンしています（{states}）"
    case .tgwTargetBeyondModel:
      "{table} は {destination} を {type} アタッチメント {attachment}（{resource}）に送ります: その先はモデルの範囲外です"
    case .tgwTargetNotAvailable:
      "{table} は {destination} を {attachment} に送りますが、{attachment} の状態は available ではなく {state} です"
    case .tgwTargetNoIPv6: "{attachment} は IPv6 サポートが無効なため、{resource} へ IPv6 トラフィックを運びません"
    case .tgwSends: "{table}（{attachment} に関連付け）は {destination} を {route} で送ります"
    case .tgwNotFollowedFurther: "flowcause はその先をたどりません"
    case .tgwEntersVPCWithoutENI:
      "パケットは {attachment} を通って {vpc} に入りますが、{destination} はトポロジーにあるその VPC の ENI のアドレスではありません"
    case .tgwAttachmentSubnetSendsTo: "{entering}。アタッチメントサブネット {subnet} の {table} はそれを"
    case .tgwAttachmentSubnetToEndpoint:
      "アタッチメントサブネット {subnet} の {table} はそれを {endpoint}（{summary}）に送りますが、flowcause はこれをルートのターゲットとしてたどりません"
    case .tgwAttachmentSubnetByRoute:
      "アタッチメントサブネット {subnet} の {table} はそれを {route} で送りますが、flowcause は Transit Gateway アタッチメントからはこれをたどりません"
    case .tgwRouteIntoVPCWithout:
      "{destination} へのルート: {table} はそれを {attachment} を通して {vpc} に届けますが、その VPC は {destination} を持っていません"
    case .tgwEnteringAnd: "{entering}。{why}"
    case .tgwDelivers:
      "{table}（{source} に関連付け）は {destination} を {route} で送り、{attachment} がそれを {vpc} に届けます"
    case .tgwDeliversFrom:
      "{table}（{source} に関連付け）は {destination} を {route} で送り、{attachment} がそれを {subnet} から {vpc} に届けます"
    case .tgwAttachmentNoSubnet:
      "トポロジーには {attachment} のサブネットがないため（describe-transit-gateway-vpc-attachments）、パケットをどこに届けるかわかりません"
    case .localRouteInAttachmentSubnet: "ローカルルート（VPC 内へはアタッチメントサブネットのルートテーブルがパケットを届けます）"
    case .receiverInAttachmentSubnetNoACL:
      "{eni} はアタッチメントサブネット {subnet} にあります。Transit Gateway からそこへのトラフィックは、そのサブネットのネットワーク ACL では評価されません"
    case .receiverInAttachmentSubnet: "{eni} はアタッチメントサブネット {subnet} にあります"
    case .tgwNoAttachments:
      "{tgw} のアタッチメントがトポロジーにありません（たどるには describe-transit-gateway-attachments と describe-transit-gateway-vpc-attachments が必要です）"
    case .vpcNotAttachedToTGW: "{vpc} は {tgw} にアタッチされていないため、Transit Gateway へのルートはどこにも通じません"
    case .tgwAttachmentNotAvailable: "{attachment}（{vpc} から {tgw}）の状態は available ではなく {state} です"
    case .tgwAttachmentNoIPv6: "{attachment} は IPv6 サポートが無効なため、{vpc} からの IPv6 トラフィックを運びません"
    case .tgwZoneSubnetUnknown:
      "{attachment} のどのサブネットが {subnet} のアベイラビリティーゾーンを受け持つかわかりません（アタッチメントのサブネットとそのゾーンは describe-transit-gateway-vpc-attachments と describe-subnets でわかります）"
    case .theZone: "そのゾーン"
    case .tgwNoSubnetInZone:
      "{attachment} には {subnet} のゾーン {zone} のサブネットがありません。Transit Gateway アタッチメントのサブネットがないアベイラビリティーゾーンのリソースは Transit Gateway に到達できません"
    case .tgwAttachmentNoRouteTable:
      "{attachment} はどの Transit Gateway ルートテーブルにも関連付けられていないため、{tgw} にはそのトラフィックのルートがありません"
    case .tgwRoutesUnknown:
      "{table} のルートがトポロジーにありません（search-transit-gateway-routes --transit-gateway-route-table-id {table} の結果を search-transit-gateway-routes.{table}.json として保存してください）"
    case .tgwUnknownPrefixLists:
      "プレフィックスリストが {destination} を含まない限り、{table} には {destination} へのルートがありません: {lists}（get-managed-prefix-list-entries）"
    case .tgwNoRoute: "{table}（{attachment} に関連付け）には {destination} へのルートがないため、{tgw} はそれを破棄します"
    case .tgwRouteNamesNoAttachment:
      "{table} は {destination} を {route} で送りますが、この active なルートはトポロジーのどのアタッチメントも指していません（search-transit-gateway-routes の TransitGatewayAttachments でわかります）"
    case .tgwBlackhole:
      "{table}（{attachment} に関連付け）は {destination} をブラックホール（{route}）に送るため、{tgw} はそれを破棄します"

    // MARK: Network ACL checks not made
    case .bothEndsInSubnet: "両端とも {subnet} にあります。ネットワーク ACL がフィルタリングするのはサブネットに出入りするトラフィックだけです"
    case .bothEndsIn: "両端とも {subnet} にあります"
    case .subnetHasNoACL: "トポロジーには {subnet} のネットワーク ACL がありません（VPC のデフォルトのネットワーク ACL もありません）"
    case .notEvaluated: "評価対象外: {why}"

    // MARK: Security group checks
    case .sgSkippedNoGroups:
      "評価対象外: {eni} は {component} のネットワークインターフェイスで、セキュリティグループがありません（サブネットのネットワーク ACL が適用されます）"
    case .sgReferenceUnreached:
      "。{group} のルール（{rule}）は {vpc} のグループ {named} を参照しています。{gap}。そのため、このルールはそのグループのどのアドレスにも一致しません（代わりに CIDR を指定してください）"
    case .refGapNotPeered:
      "{vpc} と {other} はピアリングされていません（VPC をまたぐ参照には、アクティブなピアリング接続か、セキュリティグループの参照が有効な Transit Gateway が必要です）"
    case .refGapOutboundTGW:
      "{vpc} と {other} は {tgw} でつながっていますが、参照を使えるのはインバウンドルールだけです（Transit Gateway をまたいでグループを参照するアウトバウンドルールはサポートされていません）"
    case .refGapTGWOff:
      "{vpc} と {other} は {tgw} で接続されていますが、この Transit Gateway ではセキュリティグループの参照サポートがオフです（modify-transit-gateway --options SecurityGroupReferencingSupport=enable）"
    case .refGapAttachmentOff:
      "{vpc} と {other} は {tgw} でつながっていますが、{attachments} でセキュリティグループの参照サポートがオフです"
    case .anAttachment: "いずれかのアタッチメント"
    case .bothOf: "{first} と {second}"
    case .sgUnsureInbound:
      "{groups} のインバウンドルールで確実に許可するものはありません。{lists} を参照するルールは、プレフィックスリストのエントリがないと確認できません（get-managed-prefix-list-entries）"
    case .sgUnsureOutbound:
      "{groups} のアウトバウンドルールで確実に許可するものはありません。{lists} を参照するルールは、プレフィックスリストのエントリがないと確認できません（get-managed-prefix-list-entries）"
    case .sgTrackedReplyOutbound: "{eni} のセキュリティグループはステートフルです: 追跡中の接続の応答は、アウトバウンドルールの内容にかかわらず許可されます"
    case .sgTrackedReplyInbound: "{eni} のセキュリティグループはステートフルです: 追跡中の接続の応答は、インバウンドルールの内容にかかわらず許可されます"
    case .sgAllowsInbound: "{group} が許可します: インバウンド {rule}"
    case .sgAllowsOutbound: "{group} が許可します: アウトバウンド {rule}"
    case .ruleIdSuffix: "（{id}）"
    case .untrackedReplyNeedsRule: "（このフローは追跡されないため、応答にはこのルールが必要です）"
    case .sgRule: "{protocol} {peer}"
    case .sgRulePorts: "{protocol} {ports} {peer}"
    case .sgRuleICMP: "{protocol} タイプ {type} コード {code} {peer}"
    case .anyValue: "すべて"

    // MARK: Trace verdicts
    case .requestDroppedAt: "要求は {check} で破棄されます: {explanation}"
    case .replyDroppedAt: "応答は {check} で破棄されます: {explanation}"
    case .undeterminedAt: "{check} で判定できません: {explanation}"
    case .reachable: "到達可能です: 要求もその応答もすべての検査を通過します"
    case .sourcePortDrawn:
      "送信元ポート {port} は Linux の一時ポート範囲 32768-60999 から選びました（--source-port で指定できます。Windows クライアントは 49152-65535、NAT ゲートウェイとロードバランサーは 1024-65535 を使います）"

    // MARK: Diagnosis from the logs alone
    case .logsProvenReply:
      "要求は {eni} で受け入れられています（{line}）。セキュリティグループは接続を追跡して応答を通すので、応答を拒否したのはステートレスなサブネットのネットワーク ACL です"
    case .symmetricICMP:
      "（ICMP のレコードにはポートもタイプもありません: この REJECT には相手側が自ら始めたパケット（相手自身のエコー要求や、追跡された応答ではない ICMP エラー）も含まれている可能性があり、ログからは応答と区別できません）"
    case .symmetricPorts:
      "（両端ともポート {port} を使っています: この REJECT には相手側が自ら始めたパケットも含まれている可能性があり、ログからは応答と区別できません）"
    case .logsReplyByTiming:
      "要求は {silence} 秒前に {eni} で受け入れられています（{line}）。セキュリティグループは接続を追跡して応答を通すので、応答を拒否したのはステートレスなサブネットのネットワーク ACL です。ただし、フローログの時刻はパケットより最大 1 分遅れることがあるため、追跡エントリが期限切れになり（{timeout}）、セキュリティグループが新しいトラフィックとして判定した可能性もあります"
    case .hintTopology: "（--topology を指定してください）"
    case .hintFlags: "（形式に tcp-flags を含めてください）"
    case .hintTopologyAndFlags: "（--topology を指定し、形式に tcp-flags を含めてください）"
    case .hintEvaluateBoth: "（両方を評価するには --topology を指定してください）"
    case .acceptedBefore:
      "この向きの通信は以前に {eni} で受け入れられています（前の時間枠か、この時間枠で）: 接続終了後の遅れたパケット、期限切れの追跡エントリ、またはフロー中のルール変更です{hint}"
    case .expiredReplyLogs:
      "{eni} がこのフローで最後に受け入れたパケット（{line}）の {silence} 秒後に始まった、拒否された応答です。取りうる最短の接続追跡タイムアウト（{timeout}）を過ぎているため、追跡エントリが期限切れになり、セキュリティグループが新しいトラフィックとして判定した可能性があります。あるいはネットワーク ACL が拒否しました{hint}"
    case .symmetricMaybeReply:
      "{eni} が受け入れた {line}への応答か、相手側が同じ形で始めたフローです（{why}{mixed}）: ネットワーク ACL か、セキュリティグループです{hint}"
    case .icmpHasNoPorts: "ICMP にはポートがありません"
    case .bothEndsUsePort: "両端ともポート {port} を使っています"
    case .alsoAccepted: "。この向きでは受け入れられたパケットもありました"
    case .notReplyOf:
      "{line} 行目への応答ではありません（{why}）: 拒否された要求か求められていないパケットで、セキュリティグループかネットワーク ACL が拒否しました{hint}"
    case .startedLater: "こちらの方が後に始まっています"
    case .rejectedAtOtherEnd: "そのパケットは相手側で拒否されたので、応答は返っていません"
    case .rejectedRequestLogs:
      "拒否された要求です: ENI のセキュリティグループかサブネットのネットワーク ACL が拒否しましたが、ログからはどちらかわかりません{hint}"
    case .replyHistoryCut:
      "拒否された応答で、その要求は diagnose が保持しきれなかったレコードに含まれている可能性があります（1 つの相関時間枠に保持できる以上のレコードがありました）: 要求が受け入れられていればネットワーク ACL、そうでなければセキュリティグループかネットワーク ACL です{hint}"
    case .replyNoRequestLogs:
      "このログには {eni} が先に送った要求が記録されていないため、セキュリティグループはこのフローの状態を持たず、新しいトラフィックとして判定します: セキュリティグループかネットワーク ACL が拒否しました{hint}"
    case .replyRequestNotInLogs:
      "拒否された応答で、その要求はこのログにありません（ログには {eni} の ACCEPT レコードがありません）: 要求が受け入れられていればネットワーク ACL、そうでなければセキュリティグループかネットワーク ACL です{hint}"
    case .roleUnknownLogs: "どちら側がこのフローを始めたかはログからわかりません: セキュリティグループかネットワーク ACL が拒否しました{hint}"
    case .unseenClose:
      "確立済みの TCP 接続のパケット（tcp-flags {flags}: SYN なし）ですが、このログには接続の開始がありません（{eni} の ACCEPT レコードがありません）: AWS は接続終了後に届いたパケットを REJECT として記録します。トポロジーは同じパケットを新しいトラフィックとしては通します"
    case .afterCloseOnly:
      "この ENI が以前に受け入れた接続の FIN/RST パケットだけです: AWS は接続終了後に届いたパケットを REJECT として記録します。これはノイズで、ブロックされたフローではありません"

    // MARK: Decisions at an ENI
    case .controlsGroupsAndACL: "{eni} のセキュリティグループとネットワーク ACL は"
    case .controlsACLOnly: "{eni} のネットワーク ACL（セキュリティグループはありません: {owner}）は"
    case .asRequest: "要求として"
    case .wordRequest: "要求"
    case .wordReply: "応答"
    case .allowedButUnroutable:
      "{controls}このパケットを{reading}許可しますが、{which}をルーティングできません: {note}（推定: ルートがないために破棄されたパケットがフローログにどう記録されるかは、AWS が文書化していません）"
    case .directionUnknownNotOnPath:
      "{eni} をどちら向きに通ったかわかりません（flow-direction がなく、どちらのアドレスもその VPC のものではありません）。また、アドレス間でトレースした経路は {eni} を通りません: サブネットのネットワーク ACL のどのエントリに当たったかはわかりません"
    case .checkCannotBeMade: "{eni} の {check} の検査はできません: {note}"
    case .allowedButInspected:
      "トポロジーでは {controls}このパケットを{reading}許可しているため、スナップショットが古い可能性があります。また、経路は {endpoint}（{note}）を通りますが、そこでの破棄はファイアウォールやアプライアンスが記録するもので、{eni} の REJECT にはなりません"
    case .anInspectionEndpoint: "検査エンドポイント"
    case .eitherWayDenies:
      "{eni} をどちら向きに通ったかわかりません（flow-direction がなく、どちらのアドレスもその VPC のものではありません）が、どちら向きでも {note}"
    case .untraceableStop: ": {check} {result}、{note}"
    case .untraceable:
      "{controls}このパケットを{reading}許可しますが、トポロジーではその経路をたどれません{why}。レコードはパケットが {eni} を通ったことを示しているので、モデルは経路上の何か（VPN、ピアリングやオンプレミスへのルート、ロードバランサー、古いスナップショット）を見落としています"
    case .allowsAsNewTraffic: "{controls}新しいトラフィックとしてこれを許可します: {note}"

    // MARK: Before the readings, and load balancers
    case .bpaRejected:
      "レコードの reject-reason は BPA です: セキュリティグループとネットワーク ACL より前に、VPC Block Public Access（VPC のパブリックアクセスのブロック）が拒否しました"
    case .regionalNATGateway:
      "このレコードは {id}（resource-id で示されるリージョン NAT ゲートウェイ。interface-id は -）のものです: リージョン NAT ゲートウェイのトラフィックをどのコントロールがフィルタリングするかを flowcause はモデル化していないため、原因は示しません"
    case .recordWithoutPorts:
      "このレコードにはポートがありません（形式に srcport か dstport がないか、値が - です）: セキュリティグループとネットワーク ACL のルールは {protocol} をポートで照合するため、どのルールも確認できません"
    case .noteInParentheses: "（{note}）"
    case .notInTopologySuffix: "（{eni} はトポロジーにありません）"
    case .lbNodeOfENI: "{eni} はロードバランサー {name}（{kind}、{scheme}）のノードです"
    case .lbPeerNodeApplication:
      "{peer} はロードバランサー {name}（{kind}）のノードです: ターゲットへの接続はノード自身が開くため、ターゲットに見えるのはノードのアドレスで、クライアントのアドレスではありません。ノードから {eni} へのパケットは、転送された要求かヘルスチェックです"
    case .lbPeerNode: "{peer} はロードバランサー {name}（{kind}）のノードです: ノードから {eni} へのパケットは、転送された要求かヘルスチェックです"
    case .lbHealthCheckPort:
      "（ポート {port} はターゲットグループ {group} がヘルスチェックするポートです: ヘルスチェックはロードバランサーのノードから来ます）"
    case .nlbClientIPPreserved:
      "{eni} は、クライアント IP の保持が有効な Network Load Balancer {name}（ターゲットグループ {group}、ポート {port}）のターゲットです: ターゲットにはクライアント自身のアドレス {peer} が見えるため、セキュリティグループとネットワーク ACL はロードバランサーだけでなくクライアントも許可する必要があります"

    // MARK: Fixes
    case .fixNothingAfterClose: "変更は不要です: AWS は接続終了後に届いたパケットを REJECT として記録します。"
    case .fixBlockPublicAccess:
      "VPC Block Public Access が拒否しました（reject-reason BPA）: VPC かサブネットの除外を作成すると通ります（aws ec2 create-vpc-block-public-access-exclusion）。"
    case .fixVPNDown:
      "{gateway} の VPN 接続を復旧してください（トンネルがダウンしています: カスタマーゲートウェイの設定とトンネルの状態を aws ec2 describe-vpn-connections で確認してください）。または、このトラフィックを別の経路でルーティングしてください。"
    case .theVirtualPrivateGateway: "仮想プライベートゲートウェイ"
    case .fixAttach: "説明にあるとおり、{gateway} を VPC にアタッチするか、アタッチメントを available にしてください。"
    case .theGateway: "ゲートウェイ"
    case .fixTransitGatewayRoute:
      "{table} に、このトラフィックを宛先のアタッチメントへ送るルートを追加してください（aws ec2 create-transit-gateway-route、またはルート伝播の有効化）。"
    case .theTransitGatewayRouteTable: "Transit Gateway のルートテーブル"
    case .fixRoute:
      "説明にあるとおり、{table} に、このトラフィックを有効なターゲットへ送るルートを追加してください（aws ec2 create-route または replace-route --route-table-id {table} …）。"
    case .subnetRouteTableOf: "{eni} のサブネットのルートテーブル"
    case .securityGroupsOf: "{eni} のセキュリティグループ"
    case .subnetNetworkACLOf: "{eni} のサブネットのネットワーク ACL"
    case .fixDirectionUnknown:
      "{control} で、このトラフィックが通った向きに許可してください: {eni} に届くところだったのか出ていくところだったのかは、ログからはわかりません（追加するルールを特定するには、--topology を指定するか、flow-direction を含むログ形式を使ってください）。"
    case .fixSGReplyInboundPlural:
      "通常は変更不要です: {control} は、通した要求の応答をすべて通します。そのため、拒否された応答は、{eni} 上の何も求めていないもの（なりすましトラフィックのバックスキャッターやプローブ）か、状態が保持されていないもの（追跡エントリの期限切れ、追跡されないフロー、別の ENI を通った要求）です。そのような場合に限り、{cidr} からの応答を許可するインバウンドルールが役に立ちます。"
    case .fixSGReplyInboundSingular:
      "通常は変更不要です: {control} は、通した要求の応答をすべて通します。そのため、拒否された応答は、{eni} 上の何も求めていないもの（なりすましトラフィックのバックスキャッターやプローブ）か、状態が保持されていないもの（追跡エントリの期限切れ、追跡されないフロー、別の ENI を通った要求）です。そのような場合に限り、{cidr} からの応答を許可するインバウンドルールが役に立ちます。"
    case .fixSGReplyOutboundPlural:
      "通常は変更不要です: {control} は、通した要求の応答をすべて通します。そのため、拒否された応答は、{eni} 上の何も求めていないもの（なりすましトラフィックのバックスキャッターやプローブ）か、状態が保持されていないもの（追跡エントリの期限切れ、追跡されないフロー、別の ENI を通った要求）です。そのような場合に限り、{cidr} への応答を許可するアウトバウンドルールが役に立ちます。"
    case .fixSGReplyOutboundSingular:
      "通常は変更不要です: {control} は、通した要求の応答をすべて通します。そのため、拒否された応答は、{eni} 上の何も求めていないもの（なりすましトラフィックのバックスキャッターやプローブ）か、状態が保持されていないもの（追跡エントリの期限切れ、追跡されないフロー、別の ENI を通った要求）です。そのような場合に限り、{cidr} への応答を許可するアウトバウンドルールが役に立ちます。"
    case .fixSGRuleInbound: "{target} に、{cidr} からの {service} を許可するインバウンドルールを追加してください。"
    case .fixSGRuleOutbound: "{target} に、{cidr} への {service} を許可するアウトバウンドルールを追加してください。"
    case .oneOf: "{items} のいずれか"
    case .fixACLEntryInbound: "{acl} に、{peer} からの {service} を許可するインバウンドのエントリを{below}"
    case .fixACLEntryOutbound: "{acl} に、{peer} への {service} を許可するアウトバウンドのエントリを{below}"
    case .belowDenyingEntry: "、拒否しているエントリより小さい番号で追加してください"
    case .belowImplicitEntry: "、{rule}（* エントリ）より小さい番号で追加してください"
    case .belowOrNarrow: "、{rule} より小さい番号で追加するか、これらのポートを拒否しているルール {rule} の範囲を狭めてください"
    case .sentenceEnd: "。"
    case .repliesAdvice: "。AWS のドキュメントは、応答用に 1024-65535 を開く例を示しています。"
    case .statelessRepliesOutboundPorts:
      "。ネットワーク ACL はステートレスなので、その応答もアウトバウンドで許可する必要があります（クライアントのポート宛て。AWS のドキュメントは 1024-65535 を開く例を示しています）。"
    case .statelessRepliesOutbound: "。ネットワーク ACL はステートレスなので、その応答もアウトバウンドで許可する必要があります。"
    case .statelessRepliesInboundPorts:
      "。ネットワーク ACL はステートレスなので、その応答もインバウンドで許可する必要があります（クライアントのポート宛て。AWS のドキュメントは 1024-65535 を開く例を示しています）。"
    case .statelessRepliesInbound: "。ネットワーク ACL はステートレスなので、その応答もインバウンドで許可する必要があります。"

    // MARK: explain's two-column diagram of both legs
    case .storyStepLegs: "5. 両方のレッグ（クライアント側とサーバー側）。"
    case .legsClientSide: "クライアント側"
    case .legsServerSide: "サーバー側"
    case .legsInternet: "{address}（インターネット）"
    case .legsOutside: "{address}（VPC の外、{gateway} 経由）"
    case .legsUnowned: "{address}（{place} に ENI が見つかりません）"
    case .legsRequest: "要求"
    case .legsReply: "応答"
    case .legsThisReject: "<- この REJECT"
    case .legsLogged: "ログ: {place} {action}"
    case .legsNotReached: "（到達しません）"
    case .legsNoReplyDenied: "（応答なし: 要求が届きません）"
    case .legsNoReplyUndetermined: "（応答はトレースできません: 要求の経路を判定できませんでした）"
    case .legsNoReplyExpected: "（このパケットには応答がありません）"
    case .legsTracked: "ステートフル: 追跡中の応答は通ります"
    case .legsStatelessReply: "ステートレス: 応答にも専用のエントリが必要です"
    case .legsUnknown: "--topology がないとわかりません"
    case .legsAcceptedInLogs: "ログでは受け入れられています"
    case .legsNoChecks: "（こちら側に AWS の検査はありません）"

    // MARK: Related records
    case .relationReverse: "逆方向"
    case .relationSame: "同方向"
    case .relationPeer: "相手側の ENI"

    // MARK: simulate --compare
    case .compareHeading: "{traffic} のトラフィックを A（{a}）と B（{b}）で比べます: レコード {rows} 件、うち変化 {changed} 件。"
    case .compareColumns: "A       B       レコード"
    case .compareLegend: "印: ! アクションが変わる、+ B のログだけにある、- A のログだけにある"
    case .onlyInA: "A のログだけにあります"
    case .onlyInB: "B のログだけにあります"
    case .reasonRejectsInB: "B では {what}が{role}を拒否します"
    case .reasonRejectedInA: "A では {what}が{role}を拒否していました"
    case .atLineOfA: "（A のログの {line} 行目）"
    case .atLineOfB: "（B のログの {line} 行目）"
    case .allowsInB: "。B では {allowed}"
    case .nothingRejectsInB: "。B では何も拒否しません"
    case .reasonJoined: "{first}: {second}"
    case .componentWithCause: "{component}{rule}（{cause}）"

    // MARK: diagnose's text
    case .unreadLinesOne:
      "{count} 行を読めませんでした（エラーは stderr にあります。形式が合っていないのかもしれません）: REJECT が含まれているかはわかりません。"
    case .unreadLinesMany:
      "{count} 行を読めませんでした（エラーは stderr にあります。形式が合っていないのかもしれません）: REJECT が含まれているかはわかりません。"
    case .rejectRecordsOne: "REJECT レコード {count} 件"
    case .rejectRecordsMany: "REJECT レコード {count} 件"
    case .noRejectMatches: "{criteria} に一致する REJECT レコードはありません（除外したのは {records}{span}）。"
    case .fromSpan: "、期間 {span}"
    case .noRejects: "REJECT レコードはありません。"
    case .noRejectsWithoutActionOne:
      "REJECT レコードは見つかりませんでしたが、action フィールドのないレコードが {count} 件あります: REJECT かどうかはわかりません。"
    case .noRejectsWithoutActionMany:
      "REJECT レコードは見つかりませんでしたが、action フィールドのないレコードが {count} 件あります: REJECT かどうかはわかりません。"
    case .headlineEvaluated: "（トポロジーで評価）"
    case .headlineLogsOnly: "（ログだけから。ルールを特定するには --topology を指定してください）"
    case .headlineNoneInTopology: "（ログだけから）"
    case .warningNoneInTopology: "警告: どのインターフェイスも指定されたトポロジーにありません{first}: ログの VPC のトポロジーですか?"
    case .headlineSomeEvaluated: "（うち {count} 件をトポロジーで評価）"
    case .warningOthersOutside: "警告: 残り {others} 件のインターフェイスはトポロジーにありません{first}。それらはログだけから診断しました。"
    case .firstOutside: "（最初のもの: {place} の {eni}）"
    case .onlyMatching: "{criteria} に一致するものだけです: {records}は除外しました。"
    case .headingByCause: "原因別:"
    case .headingByComponent: "コンポーネント別:"
    case .headingServices: "拒否されたフローの多いサービス（サーバー側のポート）:"
    case .headingClients: "拒否されたフローの多いクライアント:"
    case .headingPatterns: "パターン（インターフェイス、原因とルール、向き、役割、サービスが同じもの）。REJECT の多い順:"
    case .noTime: "時刻なし: レコードに start も end もありません"
    case .missedEarlierOne: "。このパターンの以前の REJECT が最大 {count} 件、どのパターンにも入っていない可能性があります"
    case .missedEarlierMany: "。このパターンの以前の REJECT が最大 {count} 件、どのパターンにも入っていない可能性があります"
    case .exampleRecord: "例: {place} {ends}"
    case .exampleConfidence: "、確信度 {confidence}:"
    case .candidatesList: "候補: {list}"
    case .morePatternsOne: "パターン {count} 個"
    case .morePatternsMany: "パターン {count} 個"
    case .patternsNotListed:
      "… ほかに {patterns}（{records}）があり、ここには載せていません。--output summary は件数を JSON で、--output jsonl は REJECT ごとに 1 つのオブジェクトを出力します"
    case .patternsDropped:
      "保持しきれず落としたパターンの {records}は、上の件数には数えていますが、どのパターンにも入っていません（保持する {limit} 個は REJECT の多いものです）"
    case .othersDropped: "（その他。保持する {limit} 件のために落としたもの）"
    case .serviceNoPort: "{name}（ポートなし）"
    case .timeSpan: "{first} から {last}"

    // MARK: diagnose's text, continued
    case .otherRejectRecordsOne: "ほかの REJECT レコード {count} 件"
    case .otherRejectRecordsMany: "ほかの REJECT レコード {count} 件"

    // MARK: diagnose --output md
    case .mdTotalsOne: "{records}、パターン {count} 種類"
    case .mdTotalsMany: "{records}、パターン {count} 種類"
    case .mdAndMore: " 以上"
    case .mdCauses: ": {causes}"
    case .mdUnreadOne: "{count} 行を読めませんでした（形式が合っていないのかもしれません）: ここには数えていません。"
    case .mdUnreadMany: "{count} 行を読めませんでした（形式が合っていないのかもしれません）: ここには数えていません。"
    case .mdColumnRejects: "REJECT 数"
    case .mdColumnCause: "原因"
    case .mdColumnComponent: "コンポーネントとルール"
    case .mdColumnDirection: "向き 役割"
    case .mdColumnService: "サービス"
    case .mdColumnTime: "時刻（UTC）"
    case .mdMoreRecords:
      "ほかのパターンに {records}があります: `--output summary` は件数を JSON で、`--output jsonl` は 1 件ずつ出力します。"
    case .mdNoFixScan:
      "修正は示しません: {client} はこのレポートのサービス全体で REJECT が {count} 件あり、スキャンやプローブの形をしています。{service} に到達すべきときだけ通してください。"
    case .mdFix: "修正: {fix}"
    case .mdNoFixNamed: "原因を特定できないため、示せません"
    case .mdManyClients:
      "このパターンの REJECT は複数のクライアントから来ています（{clients}）: 修正は最初のクライアントを示しています。通すべき範囲を指定してください。"
    case .mdToLetThroughOne: "許可すべき通信であれば、次のように修正します（最上位のパターンの最初の REJECT について）:"
    case .mdToLetThroughMany: "許可すべき通信であれば、次のように修正します（上位 {count} パターンそれぞれの最初の REJECT について）:"
    case .mdCandidates: "（候補: {list}）"

    // MARK: explain --output md
    case .mdVerdict: "{place} の REJECT: {cause}"
    case .mdVerdictConfidence: "、確信度 {confidence}"
    case .mdRuleWithNumber: " ルール {rule}"
    case .mdQuotedLine: "{line} 行目（{what}）:"
    case .mdThisReject: "この REJECT"
    case .mdNotQuoted: "（引用なし）"
    case .mdRequestLeg: "要求:"
    case .mdRequestLegThis: "要求（この REJECT）:"
    case .mdReplyLeg: "応答:"
    case .mdReplyLegThis: "応答（この REJECT）:"
    case .mdReplyNotSent: "なし（要求が届かないため）"
    case .mdWhy: "理由: {why}"
    case .mdCaveats: "注意: {caveats}"
    case .stepAllow: "許可"
    case .stepDeny: "拒否"
    case .stepUndetermined: "判定不能"
    case .stepSkipped: "対象外"
    case .stepRule: "{component}（ルール {rule} {result}）"
    case .stepTracked: "{component}（追跡中）"
    case .stepDetail: "{component}（{detail}）"
    case .stepNoRule: "{component}（許可するルールなし: 拒否）"
    case .stepNoRoute: "{component}（ルートなし: 拒否）"
    case .endInternet: "{address}（インターネット）"
    case .endUnowned: "{address}（{vpc} に ENI なし）"
    case .caveatLatePacket: "すでに閉じた接続の遅れたパケットかもしれません。AWS はそれも REJECT として記録します"
    case .caveatEarlierLogs:
      "接続がこのログより前に始まっていれば、終了後に遅れて届いたパケットの可能性があります（AWS はこれも REJECT と記録します）。それより前のログも指定して確かめてください"
    case .caveatGroupsMissing: "{eni} の {groups} はトポロジーにありません"
    case .caveatNotInTopology: "{eni} はトポロジーにありません: ログだけから診断しました"
    case .caveatTraceStops: "トレースは {check} で止まります: {explanation}"
    case .caveatNoTopology: "トポロジーが指定されていないため、ルールは特定していません（--topology を指定してください）"
    case .caveatNone: "結果の正確さは、トポロジーのスナップショットが最新かどうかに左右されます"
    case .eitherOfCauses: "{others}または {last}"

    // MARK: trace
    case .tracePacket: "トレース: {packet}"
    case .traceFrom: "  送信元 {end}"
    case .traceTo: "  送信先 {end}"
    case .traceForwardLeg: "往路: 要求"
    case .traceReturnLeg: "復路: 応答"
    case .traceReturnTracked: "（このフローは追跡されます: セキュリティグループは応答を通します）"
    case .traceReturnUntracked: "（このフローは追跡されません: 応答にもセキュリティグループのルールが必要です）"
    case .traceVerdictReachable: "判定: {explanation}"
    case .traceVerdictNotReachable: "判定: 到達不可（{code}、{leg}）。{explanation}"
    case .traceVerdictUndetermined: "判定: 判定不能（{code}）。{explanation}"
    case .legForward: "往路"
    case .legReturn: "復路"
    case .traceEndInterface: "{eni}（{address}{public}{instance}）"
    case .traceEndPublic: "、パブリック {address}"
    case .traceEndInstance: "、{instance}"
    case .traceEndUnowned: "{address}（{place} のアドレスですが、トポロジーのどのネットワークインターフェイスも持っていません）"
    case .traceEndOutside: "{address}（トポロジーの外）"

    // MARK: diagnose --output md, continued
    case .moreRejectRecordsOne: "さらに REJECT レコード {count} 件"
    case .moreRejectRecordsMany: "さらに REJECT レコード {count} 件"

    // MARK: simulate's warnings and errors
    case .nodataTooMany:
      "nodata を指定すると、{first} から {last} までの集約期間 {windows} 個とインターフェイス {interfaces} 個で、NODATA レコードが最大 {total} 件になり、上限 {limit} を超えます: この会話の start か duration がほかの会話から離れすぎています（または nodata を false にしてください）"
    case .moreThan: "{count} より多く"
    case .notSimulatedPast: "{check} から先はシミュレートしません: {explanation}"
    case .notAnInterface: "{id} はトポロジーのネットワークインターフェイスではありません"
    case .notAnInstance: "{id} はトポロジーのインスタンスではありません"
    case .notAnEndpoint: "「{text}」は IP アドレスでも ENI ID（eni-…）でもインスタンス ID（i-…）でもありません"
    case .noAddressOfFamily: "{id} には {family} アドレスがありません"
    case .mixedFamilies: "{a} と {b} は同じ IP ファミリーではありません"
    case .missingPort: "tcp と udp には --port が必要です"

    // MARK: simulate's warnings and errors, continued
    case .conversationFailure: "会話 {number}: {reason}"
    case .underTopology: "（{side} で）"

    // MARK: Path diagrams (svg)
    case .stateNotCrossed: "通過しない"
    case .stateNotReached: "到達しない"
    case .stateAllowed: "許可"
    case .stateDenied: "拒否"
    case .stateUndetermined: "判定不能"
    case .stateUnknown: "不明"
    case .laneRequest: "要求"
    case .laneReply: "応答"
    case .laneRequestSupposed: "要求（推定）"
    case .laneAsLogged: "{title}（ログのとおり）"
    case .laneNoReplyDenied: "応答なし: 要求が届きません。"
    case .laneNoReplyUndetermined: "応答はトレースできません: 要求の経路を判定できませんでした。"
    case .laneNoReplyExpected: "このパケットには応答がありません。"
    case .laneNoReplyRejected: "応答なし: 要求が拒否されました。"
    case .laneSupposedLogged: "なし: ログにはこの応答に先行する要求がありません。トポロジーが運ぶはずの要求として描いています"
    case .diagramReachable: "到達可能: 要求もその応答もすべての検査を通過します。"
    case .diagramNotReached: "到達しません: {sentence}"
    case .nodeNetworkInterface: "ネットワークインターフェイス"
    case .nodeSenderOutside: "VPC の外の送信元"
    case .nodeReceiverOutside: "VPC の外の送信先"
    case .nodeReachedThroughSends: "{gateway} の先の {address} が送信します"
    case .nodeReachedThroughReceives: "{gateway} の先の {address} が受信します"
    case .nodeInternetSender: "インターネットの送信元"
    case .nodeInternetReceiver: "インターネットの送信先"
    case .nodeInternetSends: "インターネットの {address} が送信します"
    case .nodeInternetReceives: "インターネットの {address} が受信します"
    case .nodeNoENIKnown: "ENI の見つからないアドレス"
    case .nodeNoENISentence: "{address}（{place} のアドレスですが、トポロジーのどの ENI も持っていません）"
    case .nodeENISends: "{eni}（{address}）が送信します"
    case .nodeENIReceives: "{eni}（{address}）が受信します"
    case .nodePublic: "パブリック {address}"
    case .titleSecurityGroupOut: "セキュリティグループ（送信）"
    case .titleNetworkACLOut: "ネットワーク ACL（送信）"
    case .titleRouteTable: "ルートテーブル"
    case .titleInternetGateway: "インターネットゲートウェイ"
    case .titleNATGateway: "NAT ゲートウェイ"
    case .titleEgressOnlyIGW: "Egress-Only インターネットゲートウェイ"
    case .titleVPCPeering: "VPC ピアリング"
    case .titleTransitGateway: "Transit Gateway"
    case .titleVPCEndpoint: "VPC エンドポイント"
    case .titleVPNGateway: "仮想プライベートゲートウェイ"
    case .titleNetworkACLIn: "ネットワーク ACL（受信）"
    case .titleSecurityGroupIn: "セキュリティグループ（受信）"
    case .titleDestination: "送信先"
    case .titleNetworkACLEither: "ネットワーク ACL（受信/送信）"
    case .titleSecurityGroupEither: "セキュリティグループ（受信/送信）"
    case .titleOtherEnd: "相手側"
    case .titleHost: "ホスト"
    case .detailRuleAllow: "ルール {rule} 許可"
    case .detailRuleDeny: "ルール {rule} 拒否"
    case .detailRuleId: "ルール {id}"
    case .detailByTheRule: "ルールによる"
    case .detailTracked: "追跡中: 応答は通ります"
    case .detailNoRuleAllows: "許可するルールなし"
    case .detailNoUsableRoute: "使えるルートなし"
    case .detailSameSubnet: "同じサブネット"
    case .detailUnknownNoTopology: "不明: --topology なし"
    case .detailRulesUnknown: "{title}: --topology がないとルールはわかりません"
    case .detailAcceptedInLogs: "ログでは受け入れられています"
    case .detailStatefulReplyOf: "ステートフル: 受け入れた"
    case .detailAnAcceptedRequest: "要求への応答"
    case .detailStatefulSentence: "セキュリティグループはステートフルです: 受け入れた要求の応答は通ります"
    case .detailNamedByLogs: "ログから特定"
    case .detailIdGiveTopology: "ID: --topology を指定"
    case .loggedThisReject: "この REJECT: {eni} の {place}"
    case .loggedRelated: "{action}: {eni} の {place}{more}"
    case .loggedAndMore: "ほか {count} 件"
    case .loggedNoFlowDirection: "{logged}（どちらの端が {eni} かはログからわかりません: flow-direction がありません）"
    case .diagramTitleReject: "この REJECT（{leg}）: {cause}"
    case .diagramTitleAt: "、{rule}"
    case .diagramTitleCandidates: "（{candidates}）"
    case .diagramTitleEnd: "。"
    case .diagramBlocked: "{lane}は {where} で破棄されます（{detail}）。"
    case .svgFlowLog: "フローログ: {logged}"
    case .svgRejectedHere: "✗ ここで拒否"
    case .svgDescFlowLog: "（フローログ: {logged}）"
    case .svgDescRejectedHere: "、ここで拒否されます"

    // MARK: report (HTML)
    case .htmlTitle: "flowcause レポート"
    case .htmlWrittenBy: "flowcause {version} が {time} に作成しました。件数は、同じ入力に対する {command} のものです。"
    case .htmlInputs: "入力"
    case .htmlStandardInput: "標準入力"
    case .htmlAndMore: "ほか {count} 件"
    case .htmlTime: "時刻"
    case .htmlTimeRange: "{from} から {to}（UTC: 最初の REJECT の start から最後の REJECT の end まで）"
    case .htmlNoReject: "REJECT なし"
    case .htmlNoRejectTime: "start 時刻のある REJECT はありません"
    case .htmlRecords: "レコード"
    case .htmlBadLinesOne: "、{open}読めなかった行 {count} 行{close}（stderr に一覧があります）"
    case .htmlBadLinesMany: "、{open}読めなかった行 {count} 行{close}（stderr に一覧があります）"
    case .htmlRejects: "REJECT"
    case .htmlFilters: "フィルター"
    case .htmlFiltersLeftOut: "{filters}: ほかの REJECT {count} 件は除外しました"
    case .htmlTopology: "トポロジー"
    case .htmlWarnings: "警告"
    case .htmlInputsDamagedOne: "入力 {count} 個が壊れています: 壊れた箇所より後のレコードは失われています"
    case .htmlInputsDamagedMany: "入力 {count} 個が壊れています: 壊れた箇所より後のレコードは失われています"
    case .htmlDuplicatesOne: "{count} 件の REJECT が前のレコードの繰り返しで（同じ入力を 2 回指定しましたか?）、1 回だけ数えています"
    case .htmlDuplicatesMany: "{count} 件の REJECT が前のレコードの繰り返しで（同じ入力を 2 回指定しましたか?）、1 回だけ数えています"
    case .htmlUndiagnosedOne: "{count} 件の REJECT を診断できませんでした（形式に診断に必要なフィールドがありません）"
    case .htmlUndiagnosedMany: "{count} 件の REJECT を診断できませんでした（形式に診断に必要なフィールドがありません）"
    case .htmlWithoutActionOne: "{count} 件のレコードに action フィールドがありません: REJECT かどうかはわかりません"
    case .htmlWithoutActionMany: "{count} 件のレコードに action フィールドがありません: REJECT かどうかはわかりません"
    case .htmlLateOne: "{count} 件のレコードがより新しいレコードの後に届き（入力の時刻順が乱れていますか?）、まだ保持していたレコードとだけ突き合わせました"
    case .htmlLateMany: "{count} 件のレコードがより新しいレコードの後に届き（入力の時刻順が乱れていますか?）、まだ保持していたレコードとだけ突き合わせました"
    case .htmlDecidedEarlyOne: "{count} 件の REJECT は、後のレコードを読む前に判定しました（1 つの時間枠にレコードが多すぎます）"
    case .htmlDecidedEarlyMany: "{count} 件の REJECT は、後のレコードを読む前に判定しました（1 つの時間枠にレコードが多すぎます）"
    case .htmlDetailsOnStderr: "詳細は stderr にあります"
    case .htmlTopologyNone: "指定なし: 原因はログだけから判断し、ルールは特定していません（{option} を指定してください）"
    case .htmlTopologyCounts: "{vpcs}、ENI {enis} 個"
    case .htmlTopologyHolds: "。REJECT のある ENI {seen} 個のうち {count} 個を含みます"
    case .htmlCountedOneByOne: "（1 つずつ数えたもののうち）"
    case .htmlTopologyRejects: "。REJECT {rejects} 件のうち {inside} 件を含みます"
    case .htmlOthersFromLogs: ": {open}残りはログだけから診断しました{close}（最初のもの: {place} の {eni}）"
    case .htmlByCause: "原因別"
    case .htmlNoRejects: "REJECT レコードはありません。"
    case .htmlCausesCaption: "拒否したコントロール別の REJECT"
    case .htmlCause: "原因"
    case .htmlShare: "割合"
    case .htmlTopPatterns: "上位のパターン"
    case .htmlPatternsIntroAll:
      "クライアントと時刻以外が同じ REJECT を、多い順に並べています: 全部で{patterns}です。見出しをクリックすると並べ替えます。"
    case .htmlPatternsIntroHeld:
      "クライアントと時刻以外が同じ REJECT を、多い順に並べています: 保持したパターンは {held} 個で、そのために落としたパターンの REJECT が {dropped} 件あります（落としたときに最も少なかったもの: スキャンのポートなど、1 件ずつのもの）。見出しをクリックすると並べ替えます。"
    case .htmlPatternsCount: "パターン {count} 個"
    case .htmlPatternsCaption: "REJECT の多い{patterns}"
    case .htmlOnePattern: "パターン"
    case .htmlComponentAndRule: "コンポーネントとルール"
    case .htmlDirection: "向き"
    case .htmlRole: "役割"
    case .htmlService: "サービス"
    case .htmlFirstStart: "最初の start（UTC）"
    case .htmlLastEnd: "最後の end（UTC）"
    case .htmlExample: "例"
    case .htmlItsPath: "経路"
    case .htmlDroppedNote: "{count} 件の REJECT は、保持しきれず落としたパターンのものです: 表に保持するのは最大 {limit} 個です。"
    case .htmlNoneNamed: "（特定なし）"
    case .htmlRuleStarIPv4: "{component} ルール *（IPv4）"
    case .htmlRuleStarIPv6: "{component} ルール *（IPv6）"
    case .htmlPathsHeading: "上位の各パターンの経路"
    case .htmlPathsIntro:
      "各パターンの最初の REJECT について、要求とその応答が AWS の評価順に通る検査を、許可（✓）、拒否（✗）、通過しない（–）、不明（?）で示し、判定したルールを記しています。拒否した検査には太い赤枠と「ここで拒否」の文字が付きます。"
    case .htmlAlikeNote: "ENI（スキャナーの場合はポートも）以外が同じパターンは、最初のものだけを描き、ほかはその下に示します。"
    case .htmlRejectsCountOne: "REJECT {count} 件"
    case .htmlRejectsCountMany: "REJECT {count} 件"
    case .htmlAlikeOtherENIs: "表のパターン #{rank}。ほかの ENI で同じもの: {list}。"
    case .htmlAlikeOtherPorts: "表のパターン #{rank}。ほかのポートへの同じスキャン: {list}。"
    case .htmlWhy: "理由:"
    case .htmlConfidence: "（確信度 {confidence}{code}）"
    case .htmlFix: "修正:"
    case .htmlPathInWords: "経路の説明"
    case .htmlLinesLabel: "REJECT と、対になるログの行"
    case .htmlNotQuoted: "（引用なし: 標準入力、取得した入力、Parquet の行は読み直しません）"
    case .htmlOnlyIfShouldPass: "（この通信を通すべき場合に限ります。意図した拒否の可能性もあります）"
    case .htmlRankings: "拒否の多いもの"
    case .htmlRules: "ルール"
    case .htmlCauseComponentRule: "原因、コンポーネントとルール"
    case .htmlENIs: "ENI"
    case .htmlServices: "サービス"
    case .htmlProtocolAndPort: "プロトコルとポート"
    case .htmlClients: "クライアント"
    case .htmlAddress: "アドレス"

    // MARK: report (HTML), continued
    case .htmlVPCsOne: "VPC {count} 個"
    case .htmlVPCsMany: "VPC {count} 個"
    case .htmlPatternsOne: "パターン {count} 個"

    // MARK: report (HTML): timeline and topology
    case .htmlTimelineHeading: "REJECT の推移"
    case .htmlNoRejectWithTime: "時刻のある REJECT はありません。"
    case .unitMinute: "1 分"
    case .unitHour: "1 時間"
    case .unitDay: "1 日"
    case .unitMinutes: "{count} 分"
    case .htmlTimelineIntro:
      "{unit}ごとの REJECT を原因別に示します。時刻は UTC です。このレポートを作成した場所のローカル時刻は UTC{offset}{viewer}。"
    case .htmlViewerOffset: "。ブラウザーのローカル時刻は UTC"
    case .htmlTimelineTitle: "{from} から {to}（UTC）までの {unit}ごとの REJECT。1 本の棒の最大は {highest} 件"
    case .htmlCountsAsTable: "件数の表"
    case .htmlStartUTC: "開始（UTC）"
    case .htmlWithoutStart: "{count} 件の REJECT には start 時刻がなく、推移には含まれていません。"
    case .htmlVPCsCaption: "VPC（{count}）"
    case .htmlSubnetsCaption: "サブネット（{count}）"
    case .htmlENIsCaption: "ネットワークインターフェイス（{count}）、REJECT のあるものから"
    case .htmlCIDRs: "CIDR"
    case .htmlInternetGateway: "インターネットゲートウェイ"
    case .htmlSubnet: "サブネット"
    case .htmlZone: "ゾーン"
    case .htmlNetworkACL: "ネットワーク ACL"
    case .htmlRouteTable: "ルートテーブル"
    case .htmlDefaultRoute: "デフォルトルート"
    case .htmlAddresses: "アドレス"
    case .htmlSecurityGroups: "セキュリティグループ"
    case .htmlAttachedTo: "アタッチ先"
    case .htmlMain: "（メイン）"
    case .htmlNone: "なし"
    case .htmlPublicAddress: "パブリック {address}"
    case .htmlFirstListed: "{count} 件のうち最初の {shown} 件を示しています。"
    case .htmlTooLarge: "大きすぎてはっきり描けません（描くのは VPC {vpcs} 個、各サブネット {subnets} 個までです）: 下の表にすべてあります。"
    case .htmlDrawingTitle: "{vpc}: サブネット {subnets} 個、ENI {enis} 個{gateway}"
    case .htmlDrawingGateway: "、インターネットゲートウェイ {id}"
    case .htmlDrawingGatewayLabel: "⇅ インターネットゲートウェイ {id}"
    case .htmlDrawingCaption:
      "青い枠: パブリックサブネット（デフォルトルートがインターネットゲートウェイに向かう）。✗ N: その ENI の REJECT。すべての ID は下の表にあります。"
    case .htmlPublic: "パブリック"
    case .htmlPrivate: "プライベート"
    case .htmlNoDefaultRoute: "デフォルトルートなし"
    case .htmlNoRouteTable: "ルートテーブルなし"
    case .htmlNoENI: "トポロジーに ENI なし"
    case .htmlMoreENIs: "ほか ENI {count} 個"

    // MARK: Review of the Japanese trial
    case .legsStatelessJudged: "ステートレス: 応答もほかのパケットと同じくエントリで判定されます"
    case .ruleStarNumber: "*（{rule}）"

    // MARK: trace, continued
    case .tracePacketICMP: "{protocol} {source} -> {destination} タイプ {type} コード {code}"

    // MARK: explain's story, continued
    case .storyRoleUnknownBoth:
      "要求か応答かはわかりません。要求なら、サブネットのネットワーク ACL と ENI のセキュリティグループの両方で、それぞれ独立して評価されます。応答なら、セキュリティグループは要求を追跡していれば通しますが（ステートフル）、ネットワーク ACL には応答用のエントリが必要です（ステートレス）。"

    // MARK: stderr's diagnostics
    case .diagAthenaTooLong:
      "flowcause sql: warning: クエリは {bytes} バイトで、Athena が 1 つのクエリ文字列で受け付ける {limit} バイトを超えています（AWS が引き上げないクォータです）。そのうち {topologyBytes} バイトは {path} の行です: --views PREFIX でそれらをビューとして書き出すと、クエリの前にそれぞれ別のステートメントで作成されます。または、テーブルに含まれるフローログの VPC だけを --topology に指定してください（docs/scale-out.md の「On Athena」）"
    case .diagBadLinesWithheldOne:
      "{file}: note: 読めない行があと {count} 行あり、表示していません。全部で {total} 行です（--max-errors N で各入力の最初の N 行を、0 ですべてを表示します）"
    case .diagBadLinesWithheldMany:
      "{file}: note: 読めない行があと {count} 行あり、表示していません。全部で {total} 行です（--max-errors N で各入力の最初の N 行を、0 ですべてを表示します）"
    case .diagBadLinesInRun:
      "flowcause: note: {inputs}の{lines}を表示していません（1 回の実行で表示するのは最大 {limit} 行です: --max-errors N で各入力 N 行、全体で N の 5 倍まで、0 ですべてを表示します）"
    case .diagMoreBadLinesOne: "読めない行 {count} 行"
    case .diagMoreBadLinesMany: "読めない行 {count} 行"
    case .diagInputsOne: "入力 {count} 個"
    case .diagInputsMany: "入力 {count} 個"
    case .diagFieldCountHint:
      "{file}: note: レコードのフィールドは {found} 個ですが、読んだ形式では {expected} 個です: フローログがカスタム形式なら、その LogFormat を --format で（'aws ec2 describe-flow-logs' の出力のとおりに）指定するか、'flowcause collect' が書いたフォルダー（その describe-flow-logs.json）を --topology に指定するか、形式のヘッダー行を先頭に置いてください"
    case .diagSavedFormat:
      "flowcause: note: ヘッダー行より前のレコードは {ids} の LogFormat（{folder}/describe-flow-logs.json）で読みます。--format を指定するとそちらが優先されます"
    case .diagCannotOpen: "{file}: error: 開けません: {reason}"
    case .diagSummary:
      "flowcause: {inputs}から {lines}を読みました: {records}、{headers}、空行 {blank}、不正 {bad}{damaged}{unopened}"
    case .diagLinesOne: "{count} 行"
    case .diagLinesMany: "{count} 行"
    case .diagRecordsOne: "レコード {count}"
    case .diagRecordsMany: "レコード {count}"
    case .diagHeadersOne: "ヘッダー {count}"
    case .diagHeadersMany: "ヘッダー {count}"
    case .diagDamagedOne: "。壊れた入力 {count} 個"
    case .diagDamagedMany: "。壊れた入力 {count} 個"
    case .diagNotOpened: "。開けなかった入力 {count} 個"
    case .diagUndiagnosedOne:
      "flowcause: warning: REJECT レコード {count} 件を診断できませんでした: interface-id、srcaddr、dstaddr、protocol のいずれかがありません（形式にないか、値が -）。最初のものは {first} です"
    case .diagUndiagnosedMany:
      "flowcause: warning: REJECT レコード {count} 件を診断できませんでした: interface-id、srcaddr、dstaddr、protocol のいずれかがありません（形式にないか、値が -）。最初のものは {first} です"
    case .diagFormatLacks: "{missing}がありません: {command} には {required}が必要です"
    case .diagHeaderLacks: "{place}: error: ヘッダー行に{lacks}"
    case .diagWithoutActionOne:
      "flowcause: warning: レコード {count} 件を診断しませんでした: 形式に action フィールドがないため、REJECT かどうかわかりません。最初のものは {first} です"
    case .diagWithoutActionMany:
      "flowcause: warning: レコード {count} 件を診断しませんでした: 形式に action フィールドがないため、REJECT かどうかわかりません。最初のものは {first} です"
    case .diagDuplicatesOne:
      "flowcause: warning: REJECT レコード {count} 件が前のレコードの繰り返しでした（同じインターフェイス、アドレス、ポート、プロトコル、パケット数、時間枠、アクション: 同じファイルを 2 回指定したか、エクスポートが重なっていませんか?）。1 回だけ数え、再度は診断していません。最初のものは {first} で、{original} のコピーです"
    case .diagDuplicatesMany:
      "flowcause: warning: REJECT レコード {count} 件が前のレコードの繰り返しでした（同じインターフェイス、アドレス、ポート、プロトコル、パケット数、時間枠、アクション: 同じファイルを 2 回指定したか、エクスポートが重なっていませんか?）。1 回だけ数え、再度は診断していません。最初のものは {first} で、{original} のコピーです"
    case .diagDecidedEarlyOne:
      "flowcause: warning: REJECT レコード {count} 件は、後の {horizon} 秒分のレコードを読む前に判定しました: 1 つの相関時間枠に diagnose が保持できる最大の {held} 件を超えるレコードがありました。これらの診断は、それより前のレコードしか見ていません"
    case .diagDecidedEarlyMany:
      "flowcause: warning: REJECT レコード {count} 件は、後の {horizon} 秒分のレコードを読む前に判定しました: 1 つの相関時間枠に diagnose が保持できる最大の {held} 件を超えるレコードがありました。これらの診断は、それより前のレコードしか見ていません"
    case .diagNoneInTopologyOne:
      "flowcause: warning: REJECT レコード {count} 件のインターフェイスはトポロジーにありません{first}: ログだけから診断しました。トポロジーはこのフローログの VPC のものですか?"
    case .diagNoneInTopologyMany:
      "flowcause: warning: REJECT レコード {count} 件のどのインターフェイスもトポロジーにありません{first}: ログだけから診断しました。トポロジーはこのフローログの VPC のものですか?"
    case .diagSomeOutsideOne:
      "flowcause: warning: REJECT レコード {count} 件のうち {inside} 件をトポロジーで評価しました。残り 1 件のインターフェイスはトポロジーになく{first}、ログだけから診断しました"
    case .diagSomeOutsideMany:
      "flowcause: warning: REJECT レコード {count} 件のうち {inside} 件をトポロジーで評価しました。残り {others} 件のインターフェイスはトポロジーになく{first}、ログだけから診断しました"
    case .diagRouteSends: "{table}は {route} で送ります"
    case .diagRouteSendsBlackhole: "{table}は {route}（ブラックホール）で送ります"
    case .diagRouteNone: "{table}にはそのルートがありません"
    case .diagNoRouteTable: "トポロジーにはそのサブネットのルートテーブルがありません"
    case .diagTrafficPathOne:
      "flowcause: warning: レコード {count} 件の traffic-path がトポロジーのルートと食い違います。最初のもの（{eni} の {first}）は {destination} へ{path}出ていきました（traffic-path {code}）が、{route}: トポロジーはこのログを書いたネットワークではないかもしれません（もう一度 collect してください）。ルーティングに関わる判定は誤っている可能性があります"
    case .diagTrafficPathMany:
      "flowcause: warning: レコード {count} 件の traffic-path がトポロジーのルートと食い違います。最初のもの（{eni} の {first}）は {destination} へ{path}出ていきました（traffic-path {code}）が、{route}: トポロジーはこのログを書いたネットワークではないかもしれません（もう一度 collect してください）。ルーティングに関わる判定は誤っている可能性があります"
    case .diagLateRecordsOne:
      "flowcause: warning: レコード {count} 件がより新しいレコードより {horizon} 秒以上遅れて届きました（入力の時刻順が乱れていませんか?）。まだ保持していたレコードとだけ突き合わせました: ファイルは時刻順に指定してください"
    case .diagLateRecordsMany:
      "flowcause: warning: レコード {count} 件がより新しいレコードより {horizon} 秒以上遅れて届きました（入力の時刻順が乱れていませんか?）。まだ保持していたレコードとだけ突き合わせました: ファイルは時刻順に指定してください"
    case .pathSameVPC: "同じ VPC の別のリソースを経由して"
    case .pathIGWOrGatewayEndpoint: "インターネットゲートウェイかゲートウェイ VPC エンドポイントを経由して"
    case .pathVGW: "仮想プライベートゲートウェイを経由して"
    case .pathIntraRegionPeering: "同じリージョン内の VPC ピアリング接続を経由して"
    case .pathInterRegionPeering: "リージョン間の VPC ピアリング接続を経由して"
    case .pathLocalGateway: "ローカルゲートウェイを経由して"
    case .pathGatewayEndpoint: "ゲートウェイ VPC エンドポイントを経由して"
    case .pathIGW: "インターネットゲートウェイを経由して"
    case .pathUndocumented: "AWS が文書化していない経路で"
    // MARK: lint: finding titles (SARIF's shortDescription)
    case .lintTitleNaclBlocksReplies: "セキュリティグループが許可しているサービスの応答を、ネットワーク ACL が拒否しています"
    case .lintTitleTierRepliesBlocked: "セキュリティグループが許可しているクライアント層への応答を、ネットワーク ACL が拒否しています"
    case .lintTitleNaclBlocksOutboundReplies: "インターネットへの呼び出しの応答を、ネットワーク ACL が拒否しています"
    case .lintTitleNaclEntryShadowed: "ネットワーク ACL のエントリに到達することがなく、何も変えていません"
    case .lintTitleNaclDenyShadowedByAllow: "ネットワーク ACL の拒否エントリが効きません: 先のエントリがそのパケットを許可しています"
    case .lintTitleNaclAllowShadowedByDeny: "ネットワーク ACL の許可エントリが効きません: 先のエントリがそのパケットを拒否しています"
    case .lintTitleSgAdminPortOpenToWorld: "管理用またはデータベースのポートがインターネットに開いています"
    case .lintTitleSgAdminPortOpenToWorldPrivate: "プライベートなホストで、管理用またはデータベースのポートがすべてのアドレスに開いています"
    case .lintTitleIpv6AllowedBySGMissingFromNACL: "セキュリティグループが許可している IPv6 を、ネットワーク ACL が許可していません"
    case .lintTitlePublicSubnetWithoutIGWRoute:
      "サブネットがパブリック IPv4 アドレスを割り当てていますが、インターネットゲートウェイへのルートがありません"
    case .lintTitlePublicIPWithoutIGWRoute:
      "ENI のパブリック IPv4 アドレスがどこにも到達しません: インターネットゲートウェイへのルートがありません"
    case .lintTitleBlackholeRoute: "ルートのターゲットが削除されています: ルートは一致し続け、トラフィックを破棄します"
    case .lintTitleSgReferencesMissingGroup: "セキュリティグループのルールが、トポロジーにないグループを参照しています"
    case .lintTitleSgUnattached: "セキュリティグループがどの ENI にもアタッチされていません"
    case .lintTitleUntrackedFlow: "セキュリティグループが許可するフローが追跡されません"
    case .lintTitleTgwRouteDrops: "Transit Gateway へのルートの先に、ルートがないか、ブラックホールがあるか、戻る経路がありません"
    case .lintTitleLbTargetUnreachable: "ロードバランサーのヘルスチェックや要求が、登録されたターゲットに届きません"
    case .lintTitleSgReferenceNotCarried: "セキュリティグループのルールが、参照の届かない別の VPC のグループを参照しています"
    case .lintTitleTgwApplianceModeOff:
      "Transit Gateway が、アプライアンスモードなしで複数のゾーンのステートフルなアプライアンスにトラフィックを渡しています"
    case .lintTitleEndpointSGBlocksClients: "インターフェイスエンドポイントのセキュリティグループが、その VPC のクライアントを拒否しています"

    // MARK: lint: what to change, by finding id (SARIF's help)
    case .lintHelpNaclBlocksReplies:
      "ネットワーク ACL はステートレスです: クライアントとの間のそのプロトコルとポート 1024-65535（AWS が応答用に勧める範囲）を許可するエントリを、拒否しているエントリより小さい番号で追加してください。"
    case .lintHelpNaclEntryShadowed: "エントリを削除してください: 先のエントリが、そのすべてのパケットを同じように判定しています。"
    case .lintHelpNaclDenyShadowedByAllow: "拒否エントリを、そのパケットに一致する最初の許可エントリより小さい番号に付け直すか、削除してください。"
    case .lintHelpNaclAllowShadowedByDeny: "許可エントリを拒否エントリより小さい番号に付け直すか、削除してください。"
    case .lintHelpSgAdminPortOpenToWorld:
      "すべてのアドレスの代わりに管理者のアドレス範囲かプレフィックスリストを指定するか、ルールを削除して Session Manager、踏み台ホスト、または VPN を使ってください。"
    case .lintHelpSgAdminPortOpenToWorldPrivate:
      "すべてのアドレスの代わりに、そのポートが必要なクライアント（そのセキュリティグループ、またはそのサブネットの CIDR）を指定してください。"
    case .lintHelpIpv6AllowedBySGMissingFromNACL:
      "IPv4 のエントリと同じ IPv6 のエントリを追加するか、ルールから ::/0 を外してください。"
    case .lintHelpPublicSubnetWithoutIGWRoute:
      "サブネットのルートテーブルにインターネットゲートウェイへの 0.0.0.0/0 を追加するか、パブリックアドレスの割り当てをやめてください。"
    case .lintHelpPublicIPWithoutIGWRoute: "サブネットをインターネットゲートウェイにルーティングするか、アドレスを解放してください。"
    case .lintHelpBlackholeRoute: "ルートを存在するターゲットに向け直すか（replace-route）、削除してください。"
    case .lintHelpSgReferencesMissingGroup:
      "ルールを削除するか、存在するグループを指定してください。グループが別の VPC やアカウントにあるなら、それも収集してください。"
    case .lintHelpSgUnattached: "グループを適用すべき場所にアタッチするか、削除してください。"
    case .lintHelpUntrackedFlow:
      "意図したものなら変更は不要です。フローを追跡させるには、すべてのトラフィックを許可するルールを狭めてください（ルールを削除すると、開いている接続がすぐに切れます）。"
    case .lintHelpTgwRouteDrops:
      "Transit Gateway のルートテーブルに宛先のアタッチメントへのルート（またはその伝播）を、相手側の VPC に Transit Gateway へ戻るルートを追加してください。"
    case .lintHelpLbTargetUnreachable:
      "ターゲットのセキュリティグループとネットワーク ACL で、ロードバランサー（そのセキュリティグループ、またはそのサブネットの CIDR）からのヘルスチェックのポートとトラフィックのポートを許可してください。"
    case .lintHelpSgReferenceNotCarried:
      "代わりに CIDR を指定するか、アクティブなピアリング接続（インバウンドルールなら、セキュリティグループの参照が有効な Transit Gateway でもかまいません）で VPC をつないでください。"
    case .lintHelpTgwApplianceModeOff:
      "検査 VPC のアタッチメントでアプライアンスモードを有効にしてください（modify-transit-gateway-vpc-attachment --options ApplianceModeSupport=enable）。"
    case .lintHelpEndpointSGBlocksClients:
      "エンドポイントのセキュリティグループで、VPC の CIDR またはクライアントのセキュリティグループからのサービスのポート（AWS のサービスなら tcp 443）を許可してください。"
    case .lintRuleDescription: "{title}。{help}"

    // MARK: lint: client kinds
    case .lintClientKindLinux: "Linux クライアント（32768-60999）"
    case .lintClientKindWindows: "Windows クライアント（49152-65535）"
    case .lintClientKindNAT: "NAT ゲートウェイ、ロードバランサー、Lambda（1024-65535）"

    // MARK: lint: lists and rule names
    case .lintAndMore: "{items}、ほか {count} 件"
    case .lintAndMoreENIs: "{items}、ほか {count} 個の ENI"
    case .lintCountedENIs: "{list} の {count} 個の ENI"
    case .lintCountedSGRules: "{count} 個のセキュリティグループのルール（{list}）"
    case .lintSemicolon: "、"
    case .lintCommaAnd: "、および "
    case .lintSentenceSpace: ""
    case .lintAlso: "{first}また、{second}"
    case .lintRuleNumber: "ルール {rule}"
    case .lintStarRule: "* ルール（{rule}）"
    case .lintSGRuleInbound: "{group} のインバウンドルール {rule}"
    case .lintSGRuleOutbound: "{group} のアウトバウンドルール {rule}"
    case .lintACLRuleInbound: "{acl} のインバウンド {rule}"
    case .lintACLRuleOutbound: "{acl} のアウトバウンド {rule}"
    case .lintWithDetail: "{text}（{detail}）"

    // MARK: lint: replies cut by network ACLs
    case .lintClientsInSubnet: "{subnet}（{cidr}）のクライアント"
    case .lintClientsInSubnetNoCIDR: "{subnet} のクライアント"
    case .lintClientsOnInternet: "{cidr} のインターネット上のクライアント"
    case .lintClientsThrough: "{via} の先の {block} のクライアント"
    case .lintMembersInSubnet: "{subnet} にある {group} のメンバー"
    case .lintInternetThrough: "{via} 経由のインターネット（{cidr}）"
    case .lintServiceThrough: "{via} 経由の {service}（{cidr}）"
    case .lintDeniedByInbound: "{acl} のインバウンド {rule}"
    case .lintDeniedByOutbound: "{acl} のアウトバウンド {rule}"
    case .lintNeverAnswered: "{kinds}には応答がまったく届きません"
    case .lintSomeUnanswered: "{kinds}の接続のうち、これらのポートを選んだものには応答が届きません"
    case .lintAndClause: "{first}。また、{second}"
    case .lintOutboundReplies:
      "{enis} は、{clients}への接続（{traffic}、{rules}）を開始できます。しかし、ポート {blocked} への応答は拒否されるため（{place}）、{kinds}。"
    case .lintRepliesOfServiceFrom:
      "{enis} の {traffic} は {group} が {peer} から許可していますが、{clients}への応答（ポート {blocked}）は拒否されるため（{place}）、{kinds}。"
    case .lintRepliesOfServiceTo:
      "{enis} の {traffic} は {group} が {peer} 宛てに許可していますが、{clients}への応答（ポート {blocked}）は拒否されるため（{place}）、{kinds}。"
    case .lintRepliesOfServices:
      "{enis} の {traffic}（許可しているルール: {rules}）について、{clients}への応答（ポート {blocked}）は拒否されるため（{place}）、{kinds}。"
    case .lintFixACLEntriesInbound: "{acl} に、{items} を許可するインバウンドのエントリを{below}"
    case .lintFixACLEntriesOutbound: "{acl} に、{items} を許可するアウトバウンドのエントリを{below}"
    case .lintACLItemFrom: "{peers} からの {service}"
    case .lintACLItemTo: "{peers} への {service}"

    // MARK: lint: network ACL entries no packet reaches
    case .lintEntryWithRule: "{rule}（{entry}）"
    case .lintShadowSubjectInbound: "{acl} のインバウンドのルール {rule}（{entry}）"
    case .lintShadowSubjectOutbound: "{acl} のアウトバウンドのルール {rule}（{entry}）"
    case .lintShadowedAllow: "{subject}には到達しません: 先のルール {list}が、これに一致するすべてのパケットをすでに許可しています。"
    case .lintShadowedDeny: "{subject}には到達しません: 先のルール {list}が、これに一致するすべてのパケットをすでに拒否しています。"
    case .lintFixDeleteShadowed: "{acl} からルール {rule} を削除してください。このルールは何も変えていません。"
    case .lintDenyNeverFires: "{subject}は何も拒否しません: 先のルール {list}が、これが拒否するはずのすべてのパケットに一致します{decide}。"
    case .lintAllowNeverFires: "{subject}は何も許可しません: 先のルール {list}が、これが許可するはずのすべてのパケットに一致します{decide}。"
    case .lintDecideAllowOne: "。ルール {rules} がそれらを許可します"
    case .lintDecideAllowMany: "。ルール {rules} がそれらを許可します"
    case .lintDecideDenyOne: "。ルール {rules} がそれらを拒否します"
    case .lintDecideDenyMany: "。ルール {rules} がそれらを拒否します"
    case .lintDecideSplit: "。このうち、{some}、{rest}"
    case .lintSomeAllowOne: "ルール {rules} がその一部を許可し"
    case .lintSomeAllowMany: "ルール {rules} がその一部を許可し"
    case .lintSomeDenyOne: "ルール {rules} がその一部を拒否し"
    case .lintSomeDenyMany: "ルール {rules} がその一部を拒否し"
    case .lintRestAllowOne: "ルール {rules} が残りをすでに許可しています"
    case .lintRestAllowMany: "ルール {rules} が残りをすでに許可しています"
    case .lintRestDenyOne: "ルール {rules} が残りをすでに拒否しています"
    case .lintRestDenyMany: "ルール {rules} が残りをすでに拒否しています"
    case .lintFixRenumberDeny:
      "拒否が効くように、{acl} のルール {rule} を {first}（そのパケットに一致する最初の許可ルール）より小さい番号に付け直してください。許可が意図したものなら、ルール {rule} を削除してください。"
    case .lintFixRenumberAllow:
      "トラフィックを通すべきなら、{acl} のルール {rule} を {first}（そのパケットに一致する最初の拒否ルール）より小さい番号に付け直してください。そうでなければ、ルール {rule} を削除してください。"

    // MARK: lint: ports open to the internet, IPv6 the network ACL denies
    case .lintNoPublicIPv4: "パブリック IPv4 アドレスがありません"
    case .lintNoIGWRoute: "インターネットゲートウェイへのルートがありません"
    case .lintACLAdmitsNone: "{acl} はインターネットからのこれらのポートをどれも許可しません"
    case .lintExposedENI: "{eni}（{address}、サブネット {subnet}、{table} {route}、{acl} が許可）"
    case .lintOpenToInternet:
      "{group} のインバウンドルール {rule} は、tcp {ports}をインターネット上のすべてのアドレスに開いています。このグループは次の ENI にアタッチされています: {enis}。"
    case .lintFixOpenToInternet:
      "{group} のこのルールの {cidr} を管理者のアドレス範囲かプレフィックスリストに置き換えるか、ルールを削除して、Systems Manager Session Manager、踏み台ホスト、または VPN を通してインスタンスに接続してください。"
    case .lintScopeInternet: "インターネット"
    case .lintIPv6Inbound:
      "{enis} のセキュリティグループは、0.0.0.0/0 と ::/0 の両方からのインバウンド {traffic} を許可しています。{acl} は、{scope}の IPv4 アドレスからはこれを許可しますが、{scope}のどの IPv6 アドレスからも拒否します（インバウンド {rule}）: IPv6 のトラフィックは通りません。"
    case .lintIPv6Outbound:
      "{enis} のセキュリティグループは、0.0.0.0/0 と ::/0 の両方へのアウトバウンド {traffic} を許可しています。{acl} は、{scope}の IPv4 アドレスへはこれを許可しますが、{scope}のどの IPv6 アドレスへも拒否します（アウトバウンド {rule}）: IPv6 のトラフィックは通りません。"
    case .lintFixIPv6Inbound:
      "{acl} に、::/0 からの {traffic} を許可するインバウンドのエントリを（IPv4 のエントリと同じように）{rule} より小さい番号で追加してください。IPv6 を意図していないなら、セキュリティグループのルールから ::/0 を削除してください。"
    case .lintFixIPv6Outbound:
      "{acl} に、::/0 への {traffic} を許可するアウトバウンドのエントリを（IPv4 のエントリと同じように）{rule} より小さい番号で追加してください。IPv6 を意図していないなら、セキュリティグループのルールから ::/0 を削除してください。"
    case .lintOtherHostsOf: "{vpc} のほかのホスト"
    case .lintPathPeering: "VPC ピアリング接続 {target}（{blocks}）"
    case .lintPathTGW: "Transit Gateway {target} の先（{blocks}）"
    case .lintPathVPN: "{target} を通る Site-to-Site VPN または Direct Connect（{blocks}）"
    case .lintUnreachedENI: "{eni}（{address}、サブネット {subnet}: {reason}）"
    case .lintOpenToAllPrivate:
      "{group} のインバウンドルール {rule} は、次の ENI で tcp {ports}をすべてのアドレスに開いています: {carriers}。これらにインターネットからは到達できませんが、VPC に到達できるものからは到達できます: {paths}。"
    case .lintFixOpenToAllPrivate:
      "{group} のこのルールの {cidr} を、これらのポートが必要なクライアント（そのセキュリティグループ、またはそのサブネットの CIDR）に置き換えるか、Systems Manager Session Manager を通してインスタンスに接続してください。"

    // MARK: lint: security group hygiene, untracked flows
    case .lintUnattached:
      "{group} はトポロジーのどのネットワークインターフェイスにもアタッチされていないため、そのルールは何にも適用されません{referenced}。"
    case .lintUnattachedReferenced: "。また、これを参照する {groups} のルールはどのアドレスにも一致しません"
    case .lintFixUnattached:
      "適用すべき場所にアタッチするか、これを参照するルールを削除したうえで、削除してください（aws ec2 delete-security-group --group-id {group}）。"
    case .lintReferenceNotCarried:
      "{group} の{direction}ルール {rule} は {vpc} のグループ {named} を参照しています。しかし、{gap}。そのため、このルールはどのアドレスにも一致しません。"
    case .lintFixReferenceNotCarried:
      "代わりに {named} のメンバーの CIDR を指定するか、参照が届くように VPC をつないでください（アクティブなピアリング接続、またはインバウンドルールなら、ゲートウェイと両方のアタッチメントでセキュリティグループの参照が有効な Transit Gateway）。"
    case .lintReferencesMissing:
      "{group} の{direction}ルール {rule} はトポロジーにない {missing} を参照しているため、このルールは flowcause の知るどのアドレスにも一致しません。AWS は、ピアリング接続や Transit Gateway の向こうの削除されたグループ、またはピアリング接続が削除されたグループを参照するルールを古い（stale）ルールと呼びます（aws ec2 describe-stale-security-groups --vpc-id … で一覧できます）。"
    case .lintFixReferencesMissing:
      "ルールを削除するか、存在するグループを指すようにしてください。{missing} が別の VPC やアカウントにあるなら、その describe-security-groups の出力をトポロジーに加えてください。"
    case .lintUntrackedInbound:
      "{enis} で {group} のインバウンドルール {rules} が許可するフローは追跡されません。インターフェイスがすべてのアドレスへのすべてのポートをアウトバウンドでも許可しているためです: 応答はそのアウトバウンドルールが許可している間だけ通り、そのルールを削除したり狭めたりすると、開いている接続がすぐに切れます。"
    case .lintUntrackedOutbound:
      "{enis} で {group} のアウトバウンドルール {rules} が許可するフローは追跡されません。インターフェイスがすべてのアドレスからのすべてのポートをインバウンドでも許可しているためです: 応答はそのインバウンドルールが許可している間だけ通り、そのルールを削除したり狭めたりすると、開いている接続がすぐに切れます。"
    case .lintFixUntrackedInbound:
      "意図したものなら変更は不要です。フローを追跡させるには、すべてのトラフィックを許可するアウトバウンドルールを、インターフェイスが本当に必要とするポートとアドレスに狭めてください。"
    case .lintFixUntrackedOutbound:
      "意図したものなら変更は不要です。フローを追跡させるには、すべてのトラフィックを許可するインバウンドルールを、インターフェイスが本当に必要とするポートとアドレスに狭めてください。"

    // MARK: lint: routing
    case .lintNone: "なし"
    case .lintPublicSubnetNoIGW:
      "{subnet} は新しいインスタンスにパブリック IPv4 アドレスを割り当てます（MapPublicIpOnLaunch）が、そのルートテーブル（{table}）にはインターネットゲートウェイへのルートがないため、サブネットはプライベートで、それらのアドレスはどこにも到達しません。"
    case .lintFixStopMapping:
      "{fix}。または、パブリックアドレスの割り当てをやめてください（aws ec2 modify-subnet-attribute --subnet-id {subnet} --no-map-public-ip-on-launch）。"
    case .lintFixAttachIGW: "{vpc} にインターネットゲートウェイをアタッチし、それへのルート 0.0.0.0/0 を追加してください（追加先: {table}）"
    case .lintTheSubnetRouteTable: "サブネットのルートテーブル"
    case .lintFixAssociateIGWTable: "{subnet} を、0.0.0.0/0 を {igw} に送るルートテーブルに関連付けてください"
    case .lintFixAddIGWRoute:
      "{table} にルート 0.0.0.0/0 -> {igw} を追加するか（aws ec2 create-route --route-table-id {table} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}）、そのようなルートのあるルートテーブルに {subnet} を関連付けてください"
    case .lintFixClause: "{fix}。"
    case .lintFixRouteOrRelease:
      "サブネットをインターネットゲートウェイにルーティングするか、インターフェイスをプライベートにするつもりならアドレスを解放してください。"
    case .lintItsRouteTable: "なし"
    case .lintPublicIPNoIGW:
      "{what} にはパブリックアドレス {addresses} がありますが、そのサブネット {subnet} のルートテーブル（{table}）にはインターネットゲートウェイへのルートがないため、インターネットからは到達できず、インターネットへの IPv4 の応答も出ていけません。"
    case .lintNoSubnetUsesTable: "このテーブルを使うサブネットはありません"
    case .lintTrafficDropped: "{subnets} から {destination} へのトラフィックは破棄されます"
    case .lintBlackhole: "{table} のルート {route} はブラックホールです（ターゲットがもう存在しません）: {detail}。"
    case .lintFixBlackhole:
      "ルートを存在するターゲットに向け直すか（aws ec2 replace-route --route-table-id {table} {option} …）、削除してください（aws ec2 delete-route --route-table-id {table} {option}）。"

    // MARK: lint: load balancers' targets
    case .lintLBHealthChecks:
      "ロードバランサー {lb} のノード {node} からのターゲットグループ {group} のヘルスチェック（tcp ポート {port}）が、ターゲット {eni}（{target}）に届きません: {check} が拒否します（{explanation}）。"
    case .lintLBForwarded:
      "ロードバランサー {lb} のノード {node} からのターゲットグループ {group} の転送された要求（tcp ポート {port}）が、ターゲット {eni}（{target}）に届きません: {check} が拒否します（{explanation}）。"
    case .lintFixLBEgress:
      "ターゲット（そのセキュリティグループ {groups}、またはそのサブネットの CIDR）への tcp {port} のアウトバウンドを許可してください。許可する場所: {component}（aws ec2 authorize-security-group-egress）。"
    case .lintTheLBSecurityGroups: "ロードバランサーのセキュリティグループ"
    case .lintFixLBIngress:
      "次の送信元からの tcp {port} を許可してください: {source}。許可する場所: {component}（aws ec2 authorize-security-group-ingress）。"
    case .lintTheLBSecurityGroup: "ロードバランサーのセキュリティグループ（{groups}）"
    case .lintTheLBSubnetCIDRs: "ロードバランサーのサブネットの CIDR"
    case .lintTheTargetSecurityGroups: "ターゲットのセキュリティグループ"
    case .lintFixLBACL:
      "ロードバランサーのサブネットからの tcp {port} を許可してください（逆向きの 1024-65535 への応答も許可してください: ネットワーク ACL はステートレスです）。許可する場所: {component}。"
    case .lintTheNetworkACL: "ネットワーク ACL"
    case .lintFixLBRoute: "ロードバランサーのサブネットに、ターゲットのサブネットへのルートを追加してください。"

    // MARK: lint: transit gateway appliance mode
    case .lintHandOff: "{table}（{subnet} のもの）は {destination} を {endpoint} に送ります"
    case .lintAndMoreRoutes: "{items}、ほか {count} 件"
    case .lintFirewallEndpoint: "AWS Network Firewall エンドポイント"
    case .lintGWLBEndpoint: "Gateway Load Balancer エンドポイント"
    case .lintApplianceModeOff:
      "{attachment} は {vpc} を {count} 個のアベイラビリティーゾーン（{zones}）で {tgw} にアタッチしていますが、アプライアンスモードはオフ（ApplianceModeSupport disable、デフォルト）で、そのサブネットはゲートウェイが届けたトラフィックをステートフルな検査ポイントである {appliance}に送ります（{routes}）: アプライアンスモードがないと、ゲートウェイはフローのそれぞれの向きを来たゾーンに留めるため、別々のゾーンのクライアント間のフローは行きと帰りで別のゾーンで検査され、応答だけを見たアプライアンスがそれを破棄します。"
    case .lintFixApplianceMode:
      "ゲートウェイがフローの両方向を 1 つのゾーンに通すように、{attachment} のアプライアンスモードを有効にしてください（aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --options ApplianceModeSupport=enable）。有効にすると、すでに開いているフローが別のゾーンに移ることがあります。"

    // MARK: lint: routes to a transit gateway that lead nowhere
    case .lintTGWSends: "{table} は {subnets} からの {destination} を {tgw} に送りますが、{why}"
    case .lintTGWSendsStranded: "{table} は {destinations} を Transit Gateway に送りますが、{why}"
    case .lintTGWNotAttached: "{vpc} は {tgw} にアタッチされていないため、ルートはどこにも通じません。"
    case .lintFixTGWAttach:
      "{vpc} を {tgw} にアタッチするか（aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id {tgw} --vpc-id {vpc} --subnet-ids …、アベイラビリティーゾーンごとに 1 つのサブネット）、ルートを削除してください。"
    case .lintTGWAttachmentState:
      "{vpc} のアタッチメント {attachment} の状態は available ではなく {state} のため、トラフィックはゲートウェイに入りません。"
    case .lintFixTGWAccept:
      "{attachment} を承諾するか修復してください（aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment}）。"
    case .lintTGWNoIPv6: "{attachment} は IPv6 サポートが無効なため、ゲートウェイは {vpc} からの IPv6 トラフィックを運びません。"
    case .lintFixTGWIPv6:
      "{attachment} の IPv6 サポートを有効にしてください（aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --options Ipv6Support=enable）。そのサブネットには IPv6 ブロックが必要です。"
    case .lintTGWStranded:
      "{attachment} には {zones} のサブネットがないため、{subnets} は Transit Gateway に到達できません（アタッチメントのサブネットがないゾーンのリソースは到達できません）。"
    case .lintFixTGWAddSubnet:
      "{attachment} に {zones} のサブネットを追加してください（aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --add-subnet-ids …）。"
    case .lintTGWNoRouteTable:
      "{attachment} はどの Transit Gateway ルートテーブルにも関連付けられていないため、ゲートウェイにはそのトラフィックのルートがありません。"
    case .lintFixTGWAssociate:
      "{attachment} を {tgw} のルートテーブルに関連付けてください（aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id {attachment} --transit-gateway-route-table-id …）。"
    case .lintTGWNoRouteForBlock:
      "{table}（{attachment} に関連付け）には、この範囲に含まれる {vpc} のブロック {block} への使えるルートがないため、ゲートウェイはそのトラフィックを破棄します。"
    case .lintFixTGWRouteForBlock:
      "{table} に {block} を {target}に送るルートを追加するか、そのアタッチメントからこのテーブルへの伝播を有効にしてください（aws ec2 enable-transit-gateway-route-table-propagation）。"
    case .lintTGWBlackholeInside:
      "{table}（{attachment} に関連付け）には、この範囲に含まれるブラックホールルート {cidr} があるため、ゲートウェイは {cidr} へのトラフィックを破棄します。"
    case .lintFixTGWBlackhole:
      "ブラックホールを存在するアタッチメントへのルートに置き換えるか、削除してください（aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id {table} --destination-cidr-block {cidr}）。"
    case .lintTGWNoRoute:
      "{table}（{attachment} に関連付け）には {destination} へのルートがないため、ゲートウェイはトラフィックを破棄します。"
    case .lintFixTGWRoute:
      "{table} に {destination} を {target}に送るルートを追加するか（aws ec2 create-transit-gateway-route --transit-gateway-route-table-id {table} --destination-cidr-block {destination} --transit-gateway-attachment-id …）、そのアタッチメントからこのテーブルへの伝播を有効にしてください（aws ec2 enable-transit-gateway-route-table-propagation）。"
    case .lintTGWBlackholeFor:
      "{table}（{attachment} に関連付け）ではこの宛先へのルート {route} がブラックホールのため、ゲートウェイはトラフィックを破棄します。"
    case .lintTGWTargetState:
      "{table} は {destination} を {attachment} に送りますが、その状態は available ではなく {state} のため、ゲートウェイはトラフィックを破棄します。"
    case .lintFixTGWAcceptOrRoute:
      "{attachment} を承諾するか修復するか（aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment}）、{table} で {destination} を available なアタッチメントにルーティングしてください。"
    case .lintTGWMisdelivered:
      "{table} は {destination} を {vpc} のアタッチメント {attachment} に送りますが、その VPC は {destination} を含まず（{cidrs}）、アタッチメントのサブネットにもそのルートがないため、トラフィックは誤った VPC に届けられ、そこで破棄されます。"
    case .lintFixTGWRouteTo:
      "{table} で {destination} を {target}にルーティングしてください（同じプレフィックスなら、静的ルートが伝播されたルートより優先されます）。"
    case .lintTGWNoWayBack:
      "応答が戻れません: {table}（{vpc} の {subnet} のもの）には {cidr} を {tgw} に送るルートがありません（{detail}）。"
    case .lintTheRouteTableOf: "{subnet} のルートテーブル"
    case .lintSendsItBy: "{route} で送ります"
    case .lintSendsItByNAT:
      "NAT ゲートウェイである {route} で送ります。NAT ゲートウェイは応答に自身のアドレスを付けるため、クライアントはそれを要求への応答とは見なしません"
    case .lintNoRouteCovers: "それを含むルートがありません"
    case .lintFixPointRoute:
      "{table} の {cidr} へのルートを {tgw} に向けてください（aws ec2 replace-route --route-table-id {table} --destination-cidr-block {cidr} --transit-gateway-id {tgw}）。"
    case .lintFixAddRouteToTGW:
      "{table} にルート {cidr} -> {tgw} を追加してください（aws ec2 create-route --route-table-id {table} --destination-cidr-block {cidr} --transit-gateway-id {tgw}）。"
    case .lintTGWFarNoRouteTable:
      "応答が戻れません: {vpc} のアタッチメント {attachment} はどの Transit Gateway ルートテーブルにも関連付けられていないため、ゲートウェイにはそのトラフィックのルートがありません。"
    case .lintFixTGWAssociateBack:
      "{attachment} を、{cidr} を {source} に送る {tgw} のルートテーブルに関連付けてください（aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id {attachment} --transit-gateway-route-table-id …）。"
    case .lintTGWFarNoRoute:
      "応答が戻れません: {table}（{vpc} のアタッチメント {attachment} に関連付け）には {cidr} への使えるルートがありません。"
    case .lintFixTGWRouteBack:
      "{table} に {cidr} を {source} に送るルートを追加するか、{source} からこのテーブルへの伝播を有効にしてください。"
    case .lintAttachmentOf: "{attachment}（{vpc} のアタッチメント）"
    case .lintAttachmentOfHolder: "それを含む VPC のアタッチメント"

    // MARK: lint: interface endpoints that refuse their clients
    case .lintAnyTraffic: "すべてのトラフィック"
    case .lintENIsInSubnet: "{enis}（{subnet}、{cidr}）"
    case .lintENIsInSubnetNoCIDR: "{enis}（{subnet}）"
    case .lintEndpointAdmitsNoneOne:
      "{endpoint}（{summary}）は、どのクライアントからの通信（{what}）も許可しません（VPC: {vpc}）: セキュリティグループ（{groups}）には、次のクライアントからの通信を許可するインバウンドルールがありません: {clients}。エンドポイントの DNS 名（プライベート DNS なら、サービス自身の名前も）は VPC 全体でこのエンドポイントに解決されるため、これらのクライアントからのサービスの呼び出しはタイムアウトします。"
    case .lintEndpointAdmitsNoneMany:
      "{endpoint}（{summary}）は、どのクライアントからの通信（{what}）も許可しません（VPC: {vpc}）: セキュリティグループ（{groups}）には、次のクライアントからの通信を許可するインバウンドルールがありません: {clients}。エンドポイントの DNS 名（プライベート DNS なら、サービス自身の名前も）は VPC 全体でこのエンドポイントに解決されるため、これらのクライアントからのサービスの呼び出しはタイムアウトします。"
    case .lintEndpointRefusesOne:
      "{endpoint}（{summary}）は、{vpc} のほかのクライアントは許可しますが、次のクライアントからの通信（{what}）を拒否します: {clients}。セキュリティグループ（{groups}）には、これらのクライアントからの通信を許可するインバウンドルールがありません。エンドポイントの DNS 名（プライベート DNS なら、サービス自身の名前も）は VPC 全体でこのエンドポイントに解決されるため、これらのクライアントからのサービスの呼び出しはタイムアウトします。"
    case .lintEndpointRefusesMany:
      "{endpoint}（{summary}）は、{vpc} のほかのクライアントは許可しますが、次のクライアントからの通信（{what}）を拒否します: {clients}。セキュリティグループ（{groups}）には、これらのクライアントからの通信を許可するインバウンドルールがありません。エンドポイントの DNS 名（プライベート DNS なら、サービス自身の名前も）は VPC 全体でこのエンドポイントに解決されるため、これらのクライアントからのサービスの呼び出しはタイムアウトします。"
    case .lintTheEndpointServicePort: "エンドポイントサービスのポート"
    case .lintVPCCIDR: "{vpc} の CIDR {cidr}"
    case .lintTheVPCCIDR: "VPC の CIDR"
    case .lintFixEndpointOwnGroup:
      "{endpoint} に専用のセキュリティグループを作り、{source} またはクライアントのセキュリティグループからの通信（{service}）を許可するインバウンドルールを付けてください（aws ec2 create-security-group のあと authorize-security-group-ingress --group-id NEW-GROUP {command}、さらに modify-vpc-endpoint --vpc-endpoint-id {endpoint} --add-security-group-ids NEW-GROUP --remove-security-group-ids {group}）。{group} 自体にルールを追加すると、デフォルトのセキュリティグループのすべてのメンバーでポートが開きます。"
    case .lintFixEndpointRule:
      "{group} に、{source} またはクライアントのセキュリティグループからの通信（{service}）を許可するインバウンドルールを追加してください（aws ec2 authorize-security-group-ingress --group-id {group} {command}）。"

    // MARK: lint's text and SARIF
    case .lintBaselineLeftOutOne: "ベースライン（{file}）にある検出結果 {count} 件は除外しました。"
    case .lintBaselineLeftOutMany: "ベースライン（{file}）にある検出結果 {count} 件は除外しました。"
    case .lintNoFindings: "検出結果はありません。"
    case .lintNoNewFindings: "新しい検出結果はありません。"
    case .lintErrorsOne: "エラー {count} 件"
    case .lintErrorsMany: "エラー {count} 件"
    case .lintWarningsOne: "警告 {count} 件"
    case .lintWarningsMany: "警告 {count} 件"
    case .lintNoticesOne: "注意 {count} 件"
    case .lintNoticesMany: "注意 {count} 件"
    case .lintSummaryOne: "検出結果 {count} 件（{counts}）。判定: {verdict}。"
    case .lintSummaryMany: "検出結果 {count} 件（{counts}）。判定: {verdict}。"
    case .lintFailing: "不合格（--fail-on {level}）"
    case .lintPassing: "合格（--fail-on {level}）"
    case .lintAffects: "影響範囲: {line}。"
    case .lintCutOff: "応答が届かないクライアント: {kinds}。"
    case .lintFix: "修正: {fix}"
    case .lintAffectsENI: "ENI {id}"
    case .lintAffectsENIs: "ENI {count} 個（{ids}）"
    case .lintAffectsGroup: "セキュリティグループ {id}"
    case .lintAffectsGroups: "セキュリティグループ {count} 個（{ids}）"
    case .lintAffectsInSubnets: "{count} 個のサブネットの {enis}"
    case .lintAffectsServices: "サービス（{services}）"
    case .lintAffectsServicesMore: "サービス（{services} ほか {count} 個）"
    case .lintAffectsDestinations: "宛先 {count} 個"
    case .lintAffectsClients: "{count} 個のサブネットまたはアドレス範囲のクライアント"
    case .lintSarifMessage: "{explanation}修正: {fix}"

    // MARK: lint --compare's text
    case .lintComparing: "{before}（変更前）と {after}（変更後）を比べます。"
    case .lintAddedHeading: "変更で増える検出結果（{count} 件）:"
    case .lintRemovedHeading: "変更でなくなる検出結果（{count} 件）:"
    case .lintChangedHeading: "変更で変わる検出結果（{count} 件。変更後の内容）:"
    case .lintENICountOne: "ENI {count} 個"
    case .lintENICountMany: "ENI {count} 個"
    case .lintChangeWorse: "悪化: {before}（{was}）から {after}（ENI {now} 個）になります"
    case .lintChangeBetter: "改善: {before}（{was}）から {after}（ENI {now} 個）になります"
    case .lintNewlyAffected: "。新たに影響を受けるもの: {ids}"
    case .lintFlowsHeading: "到達可能性が変わるフロー（{count} 件）:"
    case .lintFlowBreaks: "不通になる"
    case .lintFlowOpens: "通るようになる"
    case .lintFlowUndetermined: "判定不能"
    case .lintFlowText: "{from} から {to} への {traffic}{ipv6}"
    case .lintFlowIPv6: "（IPv6）"
    case .lintFlowBefore: "変更前: {explanation}"
    case .lintFlowAfter: "変更後: {explanation}"
    case .lintMoreFlows: "… ほかに {count} 件あります（--output json はすべてを出力します）。"
    case .lintFlowsOne: "フロー {count} 件"
    case .lintFlowsMany: "フロー {count} 件"
    case .lintTraced: "{enis}の{flows}を両方のトポロジーでトレースしました"
    case .lintTracedFirst: "（{considered} 件のうち最初の {traced} 件）"
    case .lintCompareSummary:
      "検出結果は {added} 件増え、{removed} 件減り、{changed} 件変わります。不通になるのは{broken}、通るようになるのは {opened} 件です。{traced}。判定: {verdict}。"

    // MARK: lint: Japanese word order, continued
    case .lintAndPhrases: "{first}と {second}"
    case .lintUnattachedNamed:
      "{group}（{name}）はトポロジーのどのネットワークインターフェイスにもアタッチされていないため、そのルールは何にも適用されません{referenced}。"
    case .lintPublicIPNoIGWInstance:
      "{eni}（インスタンス {instance}）にはパブリックアドレス {addresses} がありますが、そのサブネット {subnet} のルートテーブル（{table}）にはインターネットゲートウェイへのルートがないため、インターネットからは到達できず、インターネットへの IPv4 の応答も出ていけません。"

    // MARK: Review of the second Japanese trial
    case .htmlBarTitle: "{time} UTC: {rejects}（{causes}）"
    case .htmlNACLShort: "ネットワーク ACL {id}"
    }
  }
}
